"""Generating a document tells its stages — gathering the facts, rendering (or making the PDF or DOCX file), saving
or publishing — to the page that polls while its own request works, and to `govkpi report`'s stderr; the document
and what the command prints on stdout stay exactly what they were."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from govkpi.ops.progress import Bar, Progress
from govkpi.reports import pdf
from govkpi.reports.generate import build, render
from govkpi.reports.models import GeneratedDocument
from tests.ops.test_progress import stages

pytestmark = pytest.mark.django_db
GENERATE = "/reports/generate/"
KEY = "r" * 24
FORM = {"kind": "press-release", "fiscal_year": "2565", "format": "html", "lang": "th", "digits": "thai"}


class Counted(Progress):
    """Remembers each stage's count every time it moves, and the stages in the order they started."""

    def __init__(self) -> None:
        self.moves: dict[str, list[int]] = {}

    def _started(self, bar: Bar) -> None:
        self.moves[str(bar.name)] = []

    def _advanced(self, bar: Bar) -> None:
        self.moves[str(bar.name)].append(bar.done)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def officer_client(name: str = "officer") -> Client:
    user = User.objects.create_user(name, password="x")
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["add_generateddocument", "view_generateddocument", "publish_generateddocument"]))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def poll(client: Client, key: str = KEY) -> dict[str, object]:
    response = client.get(reverse("reports:progress", args=[key]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    return response.json()


def report(*args: str, **options: object) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("report", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


# --- the library --------------------------------------------------------------------------------------------------


def test_building_and_rendering_tell_their_stages(demo):
    counted = Counted()
    with translation.override("en"):
        doc = build("press-release", 2565, progress=counted)
        render(doc, "docx", progress=counted)
        render(doc, "md", progress=counted)
    assert counted.moves == {"gathering the facts": [len(doc.blocks)], "making the DOCX file": [1],
                             "rendering the document": [1]}
    assert len(doc.blocks) > 1


def test_a_pdf_with_a_table_of_contents_counts_its_two_prints(demo, monkeypatch):
    printed: list[str] = []

    def fake_print(html: str, browser: object = None) -> bytes:
        printed.append(html)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(pdf, "html_to_pdf", fake_print)
    monkeypatch.setattr(pdf, "heading_pages", lambda data, titles, header="", skip=1: [3] * len(titles))
    counted = Counted()
    with translation.override("en"):
        doc = build("annual", 2565, "en", "arabic")
        assert render(doc, "pdf", browser=object(), progress=counted) == b"%PDF-1.7 fake"
    assert counted.moves == {"making the PDF": [1, 2]} and len(printed) == 2


# --- the command --------------------------------------------------------------------------------------------------


def test_the_command_prints_one_line_per_stage_on_stderr_and_the_same_stdout(demo, tmp_path):
    path = str(tmp_path / "release.md")
    quiet_out, quiet_err = report("press-release", "--fiscal-year", "2565", "--format", "md", "--out", path,
                                  verbosity=0)
    out, err = report("press-release", "--fiscal-year", "2565", "--format", "md", "--out", path)
    assert out == quiet_out and quiet_err == ""
    assert out.startswith("press-release 2565 (md, ")
    found = stages(err)
    assert list(found) == ["gathering the facts", "rendering the document"]
    assert found["gathering the facts"] > 1 and found["rendering the document"] == 1


def test_publishing_from_the_command_tells_the_publishing_stage(demo):
    out, err = report("press-release", "--fiscal-year", "2565", "--format", "docx", "--publish")
    assert list(stages(err)) == ["gathering the facts", "making the DOCX file", "publishing the document"]
    document = GeneratedDocument.objects.get()
    assert out == f"published {document.filename} (document {document.pk}) at /reports/\n"


# --- the page -----------------------------------------------------------------------------------------------------


def test_the_page_offers_a_key_a_progress_bar_and_the_shared_script(demo):
    page = officer_client().get(GENERATE).content.decode()
    key = re.search(r'name="progress" value="([^"]+)"', page)[1]
    assert f'data-progress-url="{reverse("reports:progress", args=[key])}"' in page
    assert 'data-progress-box="generate-progress"' in page and 'id="generate-progress"' in page
    assert "<progress " in page and 'aria-live="polite"' in page and "ops/progress.js" in page


def test_a_generation_through_the_page_can_be_polled_and_keeps_the_plain_posts_document(demo):
    officer = officer_client()
    assert poll(officer) == {"stages": [], "finished": False}
    assert officer.post(GENERATE, FORM).status_code == 302  # the plain POST, no key
    response = officer.post(GENERATE, {**FORM, "progress": KEY, "publish": "on"})
    assert response.status_code == 302 and response["Location"] == GENERATE
    plain, polled = GeneratedDocument.objects.order_by("pk")
    assert (polled.title, polled.sha256, polled.published) == (plain.title, plain.sha256, True)
    state = poll(officer)
    assert state["finished"] is True and state["ok"] is True
    assert [(s["name"], s["finished"]) for s in state["stages"]] == [
        ("gathering the facts", True), ("rendering the document", True), ("publishing the document", True)]
    assert state["stages"][0]["done"] > 1 and state["stages"][-1]["done"] == state["stages"][-1]["total"] == 1
    assert "Generated: " in officer.get(GENERATE).content.decode()


def test_a_form_with_errors_generates_nothing_and_the_poll_says_it_failed(demo):
    officer = officer_client()
    response = officer.post(GENERATE, {**FORM, "kind": "annual", "format": "docx", "progress": KEY})
    assert response.status_code == 200 and "The annual report is generated as PDF or HTML." in response.content.decode()
    assert not GeneratedDocument.objects.exists()
    assert poll(officer) == {"stages": [], "finished": True, "ok": False}


def test_only_officers_poll_and_each_only_their_own(demo, client):
    officer = officer_client()
    officer.post(GENERATE, {**FORM, "progress": KEY})
    assert poll(officer)["finished"] is True
    assert poll(officer_client("second")) == {"stages": [], "finished": False}
    assert poll(officer, "short") == {"stages": [], "finished": False}  # not a key: nothing is looked up
    assert client.get(reverse("reports:progress", args=[KEY])).status_code == 302
    client.force_login(User.objects.create_user("reader", password="x"))
    assert client.get(reverse("reports:progress", args=[KEY])).status_code == 403


def test_polling_reads_the_cache_and_no_document(demo, django_assert_max_num_queries):
    officer = officer_client()
    officer.post(GENERATE, {**FORM, "progress": KEY})
    with django_assert_max_num_queries(4) as captured:  # the session, the user, their permissions
        poll(officer)
    assert not any(GeneratedDocument._meta.db_table in query["sql"] for query in captured.captured_queries)

"""The officers' generate page in a real browser: while the server makes the document, the page shows its stages
(gathering the facts, rendering, saving) in a <progress> bar and a polite live region; then it shows the list with
the new document, the same document a plain POST makes. The rendering is held until the test lets it go, so that
the progress is seen without timing."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.test import Client

from govkpi.audit.models import AuditEvent
from govkpi.demo.actions import load_demo
from govkpi.reports import generate
from govkpi.reports.models import GeneratedDocument

from .conftest import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FORM = {"kind": "press-release", "fiscal_year": "2565", "format": "html", "lang": "th", "digits": "thai"}


@pytest.fixture
def officer(transactional_db) -> Client:
    load_demo()
    user = User.objects.create_user("officer", password="x")
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["add_generateddocument", "view_generateddocument", "publish_generateddocument"]))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The rendering waits until the event is set (30 s at most)."""
    go_on = threading.Event()
    to_html = generate.to_html

    def waiting_to_html(*args, **kwargs):
        go_on.wait(30)
        return to_html(*args, **kwargs)

    monkeypatch.setattr(generate, "to_html", waiting_to_html)
    return go_on


def test_an_officer_sees_the_stages_then_the_document_a_plain_post_makes(browser, live_server, officer, held):
    context = new_context(browser)
    cookie = officer.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    tab = context.new_page()
    try:
        tab.goto(live_server.url + "/reports/generate/")
        assert tab.get_by_role("heading", level=1).inner_text() == "จัดทำเอกสาร"
        assert axe_violations(tab) == []
        tab.fill("#id_fiscal_year", "2565")
        tab.select_option("#id_format", "html")
        tab.get_by_role("button", name="จัดทำ", exact=True).click()
        status = tab.locator("#generate-progress [aria-live]")
        status.filter(has_text="จัดรูปแบบเอกสาร").wait_for(timeout=15_000)
        assert status.get_attribute("aria-live") == "polite"
        assert status.inner_text() == "จัดรูปแบบเอกสาร: 0 จาก 1"
        assert tab.locator("#generate-progress progress").get_attribute("max") == "1"
        stages = tab.locator("#generate-progress li").all_inner_texts()
        assert stages[0].startswith("รวบรวมข้อมูล: ") and int(stages[0].split(": ")[1]) > 1
        assert tab.get_by_role("button", name="จัดทำ", exact=True).is_disabled()
        assert axe_violations(tab) == []
        assert not GeneratedDocument.objects.exists()
        held.set()
        done = tab.locator("#generated")
        done.wait_for(timeout=15_000)
        document = GeneratedDocument.objects.get()
        assert done.inner_text() == f"จัดทำแล้ว: {document.title}"
        assert tab.locator(".doc-table tbody tr").count() == 1
        assert axe_violations(tab) == []
    finally:
        held.set()
        context.close()
    assert AuditEvent.objects.filter(action="report.generate", channel="web").count() == 1
    host = urlsplit(live_server.url).netloc  # the documents link to the site they were made on
    assert officer.post("/reports/generate/", FORM, HTTP_HOST=host).status_code == 302  # the plain POST, no script
    polled, plain = GeneratedDocument.objects.order_by("pk")
    assert (plain.title, plain.format, plain.sha256) == (polled.title, polled.format, polled.sha256)
    assert bytes(plain.content) == bytes(polled.content)

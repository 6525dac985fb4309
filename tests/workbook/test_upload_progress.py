"""The workbook upload page: a province administrator loads a workbook as `govkpi load` does (all or nothing, one
audit event), and the load's stages and counts can be polled while it runs; nobody else can use either."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from govkpi.accounts.models import Membership
from govkpi.audit.models import AuditEvent
from govkpi.orgs.models import OrgUnit
from govkpi.workbook import views

from .conftest import BASE, run, write_json

pytestmark = pytest.mark.django_db
UPLOAD = "/workbook/upload/"
KEY = "k" * 24
STAGES = ["reading the workbook", "checking the rows", "comparing with the database", "writing the changes"]


@pytest.fixture
def admin() -> Client:
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def reporter(tmp_path: Path) -> Client:
    """A reporter of district 5401 (loaded from BASE)."""
    assert run("load", str(write_json(tmp_path / "base.json", BASE)), "-v0")[0] == 0
    user = get_user_model().objects.create_user("rep5401", "rep@example.org", "pw")
    Membership.objects.create(user=user, org=OrgUnit.objects.get(code="5401"), role="reporter")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def workbook(tables: dict[str, list[dict[str, object]]], name: str = "phrae.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(tables, ensure_ascii=False).encode(), "application/json")


def poll(client: Client, key: str = KEY) -> dict[str, object]:
    response = client.get(reverse("workbook:progress", args=[key]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    return response.json()


def test_the_page_offers_the_form_and_an_accessible_progress_bar(admin):
    page = admin.get(UPLOAD).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="workbook"' in page
    key = re.search(r'name="progress" value="([^"]+)"', page)[1]
    assert f'data-progress-url="{reverse("workbook:progress", args=[key])}"' in page
    assert '<progress id="upload-bar"' in page and 'aria-live="polite"' in page
    assert "ops/progress.js" in page and 'data-progress-box="upload-progress"' in page
    assert "upload-result\"" not in page and 'id="error-summary"' not in page


def test_a_load_through_the_page_is_the_load_of_the_command_and_its_stages_can_be_polled(admin):
    assert poll(admin) == {"stages": [], "finished": False}
    response = admin.post(UPLOAD, {"workbook": workbook(BASE), "progress": KEY})
    assert response.status_code == 200
    page = response.content.decode()
    assert "phrae.json was loaded." in page
    assert re.search(r"<code>org_units</code></th><td>3</td><td>0</td><td>0</td>", page)
    event = AuditEvent.objects.get(action="workbook.load")
    assert (event.channel, event.object_key, event.actor.username) == ("web", "phrae.json", "admin")
    assert OrgUnit.objects.count() == 3
    state = poll(admin)
    assert state["finished"] is True and state["ok"] is True
    rows = sum(len(rows) for rows in BASE.values())
    assert [(s["name"], s["done"], s["finished"]) for s in state["stages"]] == [(name, rows, True) for name in STAGES]


def test_without_a_progress_key_the_plain_post_gives_the_same_result(admin):
    first = admin.post(UPLOAD, {"workbook": workbook(BASE)}).content.decode()
    again = admin.post(UPLOAD, {"workbook": workbook(BASE), "progress": KEY}).content.decode()
    table = re.compile(r"<table>.*?</table>", re.S)
    assert "org_units" in table.search(first)[0]
    assert re.search(r"<code>org_units</code></th><td>0</td><td>0</td><td>3</td>", again)  # nothing changed
    assert AuditEvent.objects.filter(action="workbook.load").count() == 1


def test_a_dry_run_writes_nothing(admin):
    page = admin.post(UPLOAD, {"workbook": workbook(BASE), "dry_run": "1", "progress": KEY}).content.decode()
    assert "Dry run: the file has no errors; nothing was written." in page
    assert OrgUnit.objects.count() == 0 and not AuditEvent.objects.filter(action="workbook.load").exists()
    assert [s["name"] for s in poll(admin)["stages"]] == STAGES[:3]


def test_a_workbook_with_errors_lists_them_loads_nothing_and_the_poll_says_it_failed(admin):
    broken = {"org_units": [{"code": "5404", "name_th": "อำเภอลอง", "kind": "amphoe", "parent": "99"}]}
    response = admin.post(UPLOAD, {"workbook": workbook(broken, "bad.json"), "progress": KEY})
    assert response.status_code == 400
    page = response.content.decode()
    assert "2 error(s) in bad.json; nothing was loaded." in page
    assert "table org_units, row 1, column kind" in page
    assert OrgUnit.objects.count() == 0 and not AuditEvent.objects.exists()
    assert poll(admin)["ok"] is False


def test_no_file_or_a_file_too_large_is_refused_with_a_message(admin, settings):
    assert admin.post(UPLOAD, {"progress": KEY}).status_code == 400
    settings.GOVKPI_MAX_UPLOAD_MB = 0
    response = admin.post(UPLOAD, {"workbook": workbook(BASE)})
    assert response.status_code == 400 and "The file is larger than 0 MB." in response.content.decode()
    assert OrgUnit.objects.count() == 0


def test_only_a_province_admin_may_upload_or_poll(admin, reporter, client):
    assert client.get(UPLOAD).status_code == 302
    assert client.get(reverse("workbook:progress", args=[KEY])).status_code == 302
    assert reporter.get(UPLOAD).status_code == 403
    assert reporter.post(UPLOAD, {"workbook": workbook(BASE), "progress": KEY}).status_code == 403
    assert reporter.get(reverse("workbook:progress", args=[KEY])).status_code == 403


def test_an_admin_reads_only_the_progress_of_their_own_loads(admin):
    admin.post(UPLOAD, {"workbook": workbook(BASE), "progress": KEY})
    other = get_user_model().objects.create_superuser("admin2", "admin2@example.org", "pw")
    second = Client()
    second.force_login(other)
    assert poll(second) == {"stages": [], "finished": False}
    assert poll(admin, "short") == {"stages": [], "finished": False}  # not a key: nothing is looked up


def test_the_file_name_loses_its_folders():
    assert views._file_name("C:\\Users\\me\\phrae.xlsx") == "phrae.xlsx"
    assert views._file_name("../../etc/x.json") == "x.json"
    assert views._file_name("") == "workbook"


def test_polling_reads_the_cache_and_no_table_of_the_load(admin, django_assert_max_num_queries):
    admin.post(UPLOAD, {"workbook": workbook(BASE), "progress": KEY})
    with django_assert_max_num_queries(3):  # the session, the user and their memberships; nothing of the data
        poll(admin)

"""Readiness checklists: a reporter gives evidence and checks items, an approver confirms, the province officer
sees who is not ready; everyone else is kept out. Every write is audited."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from govkpi.accounts.models import Membership
from govkpi.assessments.models import ChecklistEntry
from govkpi.audit.models import AuditEvent
from govkpi.orgs.actions import rebuild_paths
from govkpi.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db
URL = "assessments:checklist"


@pytest.fixture
def people(db, settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path
    province = OrgUnit.objects.create(code="54", name_th="จังหวัดแพร่", kind="province")
    sao = OrgUnit.objects.create(code="54-SAO-A", name_th="อบต.ก", kind="sao", parent=province)
    other = OrgUnit.objects.create(code="54-SAO-B", name_th="อบต.ข", kind="sao", parent=province)
    rebuild_paths()
    users = {}
    for name, org, role in (
        ("admin", province, "admin"),
        ("reporter", sao, "reporter"),
        ("approver", province, "approver"),
        ("other", other, "reporter"),
    ):
        users[name] = get_user_model().objects.create_user(name, password="x")
        Membership.objects.create(user=users[name], org=OrgUnit.objects.get(pk=org.pk), role=role)
    return users


def save(client, user, item="O1", **data):
    client.force_login(user)
    url = reverse("assessments:checklist_save", args=["ita", 2565, "54-SAO-A", item])
    return client.post(url, {f"{item}-{key}": value for key, value in data.items()})


def test_a_reporter_checks_an_item_with_a_link(client, people):
    save(client, people["reporter"], evidence_url="https://example.go.th/structure", self_checked="on")
    entry = ChecklistEntry.objects.get()
    assert (entry.item, entry.self_checked, entry.confirmed) == ("O1", True, False)
    assert AuditEvent.objects.filter(action="assessments.checklist.save").count() == 1


def test_a_reporter_can_attach_a_file(client, people):
    client.force_login(people["reporter"])
    url = reverse("assessments:checklist_save", args=["ita", 2565, "54-SAO-A", "O2"])
    client.post(url, {"O2-evidence_file": SimpleUploadedFile("o2.pdf", b"%PDF-1.4"), "O2-self_checked": "on"})
    entry = ChecklistEntry.objects.get()
    assert entry.evidence_name == "o2.pdf" and entry.self_checked
    download = client.get(reverse("assessments:checklist_evidence", args=["ita", 2565, "54-SAO-A", "O2"]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4"


def test_an_item_cannot_be_checked_without_evidence(client, people):
    save(client, people["reporter"], self_checked="on")
    assert not ChecklistEntry.objects.exists()


def test_an_item_the_framework_lacks_is_refused(client, people):
    save(client, people["reporter"], item="O99", evidence_url="https://example.go.th", self_checked="on")
    assert not ChecklistEntry.objects.exists()


def test_the_approver_above_confirms_and_new_evidence_withdraws_the_confirmation(client, people):
    save(client, people["reporter"], evidence_url="https://example.go.th/a", self_checked="on")
    client.force_login(people["approver"])
    client.post(reverse("assessments:checklist_confirm", args=["ita", 2565, "54-SAO-A", "O1"]), {"confirmed": "1"})
    entry = ChecklistEntry.objects.get()
    assert entry.confirmed and entry.confirmed_by == people["approver"]
    save(client, people["reporter"], evidence_url="https://example.go.th/b", self_checked="on")
    assert not ChecklistEntry.objects.get().confirmed


def test_another_organisations_reporter_is_kept_out(client, people):
    assert save(client, people["other"], evidence_url="https://x.go.th", self_checked="on").status_code == 403
    assert client.get(reverse(URL, args=["ita", 2565, "54-SAO-A"])).status_code == 403


def test_a_reporter_cannot_confirm(client, people):
    save(client, people["reporter"], evidence_url="https://example.go.th/a", self_checked="on")
    response = client.post(
        reverse("assessments:checklist_confirm", args=["ita", 2565, "54-SAO-A", "O1"]), {"confirmed": "1"}
    )
    assert response.status_code == 403 and not ChecklistEntry.objects.get().confirmed


def test_an_anonymous_visitor_is_sent_to_sign_in(client, people):
    response = client.get(reverse("assessments:readiness", args=["ita", 2565]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_province_officer_sees_which_local_governments_are_not_ready(client, people):
    save(client, people["reporter"], evidence_url="https://example.go.th/a", self_checked="on")
    client.force_login(people["admin"])
    page = client.get(reverse("assessments:readiness", args=["ita", 2565]), HTTP_ACCEPT_LANGUAGE="en")
    rows = {row.org.code: row for row in page.context["rows"]}
    assert set(rows) == {"54-SAO-A", "54-SAO-B"}
    assert (rows["54-SAO-A"].checked, rows["54-SAO-A"].total, rows["54-SAO-A"].state) == (1, 43, "in_progress")
    assert rows["54-SAO-B"].state == "not_started"
    assert len(page.context["not_ready"]) == 2


def test_the_checklist_page_lists_every_item(client, people, django_assert_max_num_queries):
    client.force_login(people["reporter"])
    with django_assert_max_num_queries(10):
        page = client.get(reverse(URL, args=["ita", 2565, "54-SAO-A"]))
    assert len(page.context["items"]) == 43
    assert "O43" in page.content.decode()


def test_a_framework_without_a_checklist_has_no_readiness_page(client, people):
    client.force_login(people["admin"])
    assert client.get(reverse("assessments:readiness", args=["moral", 2565])).status_code == 404

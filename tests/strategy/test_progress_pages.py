"""The pages that report project progress, per role: the reporter of the project's organisation (rep5401), a
reporter of another (rep5402), the approver of the subtree (app5401), an approver elsewhere (app5402) and an
anonymous visitor. Entry with a GOV.UK error summary (nothing written on an error), the approvals queue with
four eyes, the history and the evidence download."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govkpi.audit.models import AuditEvent
from govkpi.strategy import progress
from govkpi.strategy.models import ProgressEvidence, ProjectProgress
from govkpi.strategy.progress import ProgressEntry
from tests.strategy.progress_world import build_progress_world, evidence_in, signed_in

pytestmark = pytest.mark.django_db

ENTRY = "/projects/report/5401/2565-Q2/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def pw(settings, tmp_path):
    evidence_in(settings, tmp_path / "evidence")
    return build_progress_world()


as_ = signed_in


def form(pw, **values):
    key = pw.p1.pk
    data = {"disbursed": "200,000", "committed": "", "progress": "30", "status": "on_track", "problems": "ฝนตก",
            "suggestions": "เร่งรัด", **values}
    return {f"{name}-{key}": value for name, value in data.items()}


def submitted(pw):
    row = progress.save_progress(project=pw.p1, period="2565-Q2", entry=ProgressEntry(200_000, None, 30, "on_track"),
                                 acting_user=pw.people["rep5401"], channel="web")
    return progress.submit_progress(row, acting_user=pw.people["rep5401"], channel="web")


# --- entry ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("rep5401", 200), ("app5401", 200), ("rep5402", 404), ("app5402", 404)])
def test_the_entry_page_is_seen_by_those_who_see_the_organisation(client, pw, who, status):
    response = as_(client, pw, who).get(ENTRY)
    assert response.status_code == status
    if status == 200:
        assert "P-1" in response.content.decode()
        assert ('name="disbursed-' in response.content.decode()) == (who == "rep5401")


def test_anonymous_visitors_are_sent_to_sign_in(client, pw):
    for address in (ENTRY, "/projects/report/", "/projects/approvals/"):
        response = client.get(address)
        assert response.status_code == 302 and "login" in response["Location"], address


@pytest.mark.parametrize("who", ["app5401", "rep5402", "app5402"])
def test_only_the_reporter_of_the_organisation_saves(client, pw, who):
    response = as_(client, pw, who).post(ENTRY, {**form(pw), "action": "save"})
    assert response.status_code in (403, 404)
    assert not ProjectProgress.objects.filter(period="2565-Q2").exists()


def test_the_reporter_saves_a_draft_then_submits_with_evidence(client, pw):
    as_(client, pw, "rep5401")
    response = client.post(ENTRY, {**form(pw), "action": "save"})
    assert response.status_code == 302
    row = ProjectProgress.objects.get(period="2565-Q2")
    assert (row.state, row.disbursed, row.problems) == ("draft", 200_000, "ฝนตก")
    upload = SimpleUploadedFile("photo.pdf", PDF)
    response = client.post(ENTRY, {**form(pw), f"file-{pw.p1.pk}": upload, "action": "submit"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.state == "submitted" and ProgressEvidence.objects.filter(progress=row).count() == 1
    page = client.get(ENTRY).content.decode()
    assert 'name="disbursed-' not in page  # submitted: read-only


def test_a_rule_broken_comes_back_with_an_error_summary_and_nothing_written(client, pw):
    as_(client, pw, "rep5401")
    before = AuditEvent.objects.count()
    response = client.post(ENTRY, {**form(pw, progress="5", disbursed="๑๐๐"), "action": "submit"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and f'href="#progress-{pw.p1.pk}"' in page
    assert "already reported for 2565-Q1" in page
    assert 'aria-invalid="true"' in page and 'value="๑๐๐"' in page  # kept as typed
    assert not ProjectProgress.objects.filter(period="2565-Q2").exists()
    assert AuditEvent.objects.count() == before


def test_a_number_that_is_not_one_is_located(client, pw):
    as_(client, pw, "rep5401")
    response = client.post(ENTRY, {**form(pw, disbursed="lots"), "action": "save"})
    assert response.status_code == 400 and f'href="#disbursed-{pw.p1.pk}"' in response.content.decode()
    assert not ProjectProgress.objects.filter(period="2565-Q2").exists()


def test_a_refused_file_is_said_at_the_file_and_nothing_written(client, pw):
    as_(client, pw, "rep5401")
    upload = SimpleUploadedFile("x.html", b"<html><script>1</script></html>")
    response = client.post(ENTRY, {**form(pw), f"file-{pw.p1.pk}": upload, "action": "save"})
    assert response.status_code == 400 and f'href="#file-{pw.p1.pk}"' in response.content.decode()
    assert not ProjectProgress.objects.filter(period="2565-Q2").exists()


def test_a_period_that_is_not_a_quarter_or_month_is_not_found(client, pw):
    assert as_(client, pw, "rep5401").get("/projects/report/5401/2565-H1/").status_code == 404
    assert client.get("/projects/report/5401/nonsense/").status_code == 404


def test_the_index_lists_the_reporter_s_organisations(client, pw):
    page = as_(client, pw, "rep5401").get("/projects/report/").content.decode()
    assert "/projects/report/5401/2565-Q1/" in page and "/projects/report/5402/" not in page


# --- approvals --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "listed"), [("app5401", True), ("admin", True), ("app5402", False),
                                             ("rep5401", False), ("rep5402", False)])
def test_the_queue_lists_submissions_of_the_approver_s_subtree_only(client, pw, who, listed):
    row = submitted(pw)
    page = as_(client, pw, who).get("/projects/approvals/").content.decode()
    assert (f"/projects/progress/{row.pk}/decide/" in page) == listed


@pytest.mark.parametrize(("who", "status"), [("rep5401", 403), ("rep5402", 404), ("app5402", 404)])
def test_who_may_not_decide_is_refused_and_nothing_changes(client, pw, who, status):
    row = submitted(pw)
    response = as_(client, pw, who).post(f"/projects/progress/{row.pk}/decide/", {"decision": "approve"})
    assert response.status_code == status
    assert ProjectProgress.objects.get(pk=row.pk).state == "submitted"


def test_anonymous_cannot_decide(client, pw):
    row = submitted(pw)
    response = client.post(f"/projects/progress/{row.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302 and ProjectProgress.objects.get(pk=row.pk).state == "submitted"


def test_the_approver_approves_and_it_counts(client, pw):
    row = submitted(pw)
    response = as_(client, pw, "app5401").post(f"/projects/progress/{row.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    assert ProjectProgress.objects.get(pk=row.pk).state == "approved"
    assert "ฝนตก" not in client.get("/projects/P-1/").content.decode()  # none was written in this report
    assert "200,000" in client.get("/projects/P-1/").content.decode()


def test_returning_needs_a_reason_said_at_the_field(client, pw):
    row = submitted(pw)
    as_(client, pw, "app5401")
    response = client.post(f"/projects/progress/{row.pk}/decide/", {"decision": "return", "reason": " "})
    assert response.status_code == 400 and f'href="#reason-{row.pk}"' in response.content.decode()
    assert ProjectProgress.objects.get(pk=row.pk).state == "submitted"
    client.post(f"/projects/progress/{row.pk}/decide/", {"decision": "return", "reason": "แนบภาพถ่าย"})
    row.refresh_from_db()
    assert row.state == "returned" and row.return_reason == "แนบภาพถ่าย"
    page = as_(client, pw, "rep5401").get(ENTRY).content.decode()
    assert "แนบภาพถ่าย" in page and 'name="disbursed-' in page


def test_four_eyes_on_the_page(client, pw):
    from govkpi.accounts.models import Membership

    Membership.objects.create(user=pw.people["app5401"], org=pw.world.orgs["5401"], role="reporter")
    row = progress.submit_progress(
        progress.save_progress(project=pw.p1, period="2565-Q2", entry=ProgressEntry(1, None, 30, ""),
                               acting_user=pw.people["app5401"], channel="web"),
        acting_user=pw.people["app5401"], channel="web")
    as_(client, pw, "app5401")
    page = client.get("/projects/approvals/").content.decode()
    assert 'value="approve"' not in page and "another approver" in client.get(
        "/projects/approvals/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = client.post(f"/projects/progress/{row.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 403 and ProjectProgress.objects.get(pk=row.pk).state == "submitted"


def test_a_decision_must_be_exactly_one_of_the_two(client, pw):
    row = submitted(pw)
    response = as_(client, pw, "app5401").post(f"/projects/progress/{row.pk}/decide/",
                                               {"decision": ["approve", "return"]})
    assert response.status_code == 400 and ProjectProgress.objects.get(pk=row.pk).state == "submitted"


# --- history and evidence ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("rep5401", 200), ("app5401", 200), ("rep5402", 404), ("app5402", 404)])
def test_the_history_and_the_evidence_are_for_those_who_see_the_organisation(client, pw, who, status):
    row = submitted(pw)
    item = ProgressEvidence(progress=row, name="a.pdf", content_type="application/pdf", size=len(PDF))
    item.file.save("a.pdf", SimpleUploadedFile("a.pdf", PDF), save=True)
    as_(client, pw, who)
    history = client.get(f"/projects/progress/{row.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert history.status_code == status
    download = client.get(f"/projects/evidence/{item.pk}/")
    assert download.status_code == status
    if status == 200:
        assert "submitted a project" in history.content.decode()
        assert download["Content-Disposition"].startswith("attachment")


def test_anonymous_sees_no_history_or_evidence(client, pw):
    row = submitted(pw)
    assert client.get(f"/projects/progress/{row.pk}/").status_code == 302


# --- queries --------------------------------------------------------------------------------------------------------


def _queries(client, address):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_the_queue_and_the_entry_page_do_not_query_per_project(client, pw):
    from govkpi.strategy.models import Project

    submitted(pw)
    as_(client, pw, "app5401")
    queue, entry = _queries(client, "/projects/approvals/"), _queries(client, ENTRY)
    for number in range(3):
        project = Project.objects.create(code=f"P-X{number}", fiscal_year=2565, title_th="อื่น",
                                         org=pw.world.orgs["5401"], allocated=10)
        row = progress.save_progress(project=project, period="2565-Q2", entry=ProgressEntry(1, None, 1, ""),
                                     acting_user=pw.people["rep5401"], channel="web")
        progress.submit_progress(row, acting_user=pw.people["rep5401"], channel="web")
    assert _queries(client, "/projects/approvals/") == queue
    assert _queries(client, ENTRY) == entry


def test_a_closed_period_is_read_only_and_says_why(client, pw):
    from govkpi.plans.models import ScoringPolicy

    ScoringPolicy.objects.update_or_create(fiscal_year=2565, defaults={"lock_after_days": 15})
    as_(client, pw, "rep5401")
    page = client.get(ENTRY, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'name="disbursed-{pw.p1.pk}"' not in page and "closed" in page.lower()
    response = client.post(ENTRY, {**form(pw), "action": "save"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and 'class="error-summary"' in response.content.decode()
    assert not ProjectProgress.objects.filter(period="2565-Q2").exists()

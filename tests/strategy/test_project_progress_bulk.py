"""Deciding several project progress reports at once on `/projects/approvals/` ("approve selected", "return
selected"), as the results' "approve selected": a first post lists the reports and asks to confirm, the second
decides each through the single-report action in its own transaction (its role check, four eyes, rules, one audit
event each) and says per report what was not done. Per role: the reporter of the project's organisation (rep5401),
the approver of the subtree (app5401), an approver elsewhere (app5402), the province's viewer and an anonymous
visitor. Then the entry page: what was typed and the file attached survive a page that comes back with errors."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from govkpi.accounts.models import Membership
from govkpi.audit.models import AuditEvent
from govkpi.results.evidence import SESSION_KEY
from govkpi.strategy import progress
from govkpi.strategy.models import ProgressEvidence, Project, ProjectProgress
from govkpi.strategy.progress import ProgressEntry
from tests.strategy.progress_world import PASSWORD, build_progress_world, evidence_in, signed_in

pytestmark = pytest.mark.django_db

SELECTED = "/projects/approvals/selected/"
QUEUE = "/projects/approvals/"
ENTRY = "/projects/report/5401/2565-Q2/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def pw(settings, tmp_path):
    evidence_in(settings, tmp_path / "evidence")
    settings.GOVKPI_FOUR_EYES = True
    return build_progress_world()


as_ = signed_in


def report(pw, code="P-A", *, org="5401", who="rep5401", progress_value=30.0):
    """A submitted 2565-Q2 report of a new project of ``org``, by ``who``."""
    project = Project.objects.create(code=code, fiscal_year=2565, title_th="โครงการ " + code,
                                     org=pw.world.orgs[org], kind="operating", allocated=1_000_000)
    row = progress.save_progress(project=project, period="2565-Q2",
                                 entry=ProgressEntry(100_000, None, progress_value, "on_track"),
                                 acting_user=pw.people[who], channel="web")
    return progress.submit_progress(row, acting_user=pw.people[who], channel="web")


def states(*rows):
    return tuple(ProjectProgress.objects.get(pk=row.pk).state for row in rows)


def audited(row, step):
    return list(AuditEvent.objects.filter(action=f"strategy.progress.{step}", object_key__startswith=f"{row.pk} "))


def decide(client, rows, decision, *, confirm=True, **extra):
    data = {"selected": [str(row.pk) for row in rows], "decision": decision, **extra}
    if confirm:
        data["confirm"] = "yes"
    return client.post(SELECTED, data, HTTP_ACCEPT_LANGUAGE="en", follow=confirm)


def errors_of(response):
    return re.findall(r'<div class="notice--error" role="alert"><p>(.*?)</p></div>', response.content.decode())


# --- the queue ---------------------------------------------------------------------------------------------------


def test_the_url_is_named():
    assert reverse("strategy:progress_selected") == SELECTED


def test_each_report_has_a_labelled_box_and_the_bulk_form_a_legend(client, pw):
    first, second = report(pw, "P-A"), report(pw, "P-B")
    page = as_(client, pw, "app5401").get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for row in (first, second):
        assert re.search(rf'<input type="checkbox" form="bulk" name="selected" value="{row.pk}" id="select-{row.pk}"',
                         page)
        assert f'<label for="select-{row.pk}">Select {row.project.code} 2565-Q2 to approve or return with others' \
            in page
    assert '<form id="bulk" method="post" action="/projects/approvals/selected/"' in page
    assert "<legend>Several reports at once</legend>" in page
    assert '<label for="select-all">Select all 2 reports in the list</label>' in page
    assert 'value="approve" class="button">Approve selected…' in page and "Return selected…" in page
    thai = client.get(QUEUE).content.decode()
    assert "อนุมัติรายการที่เลือก…" in thai and "เลือกทั้งหมด 2 รายงานในรายการ" in thai


def test_the_box_is_not_offered_for_what_the_approver_submitted(client, pw):
    both = _both(pw)
    own, other = report(pw, "P-OWN", who="both5401"), report(pw, "P-OTHER")
    page = as_(client, pw, both).get(QUEUE).content.decode()
    assert f'name="selected" value="{own.pk}"' not in page and f'name="selected" value="{other.pk}"' in page


# --- who may ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["rep5401", "rep5402", "viewer"])
def test_who_approves_nothing_is_refused_outright(client, pw, who):
    row = report(pw)
    for confirm in (False, True):
        response = decide(as_(client, pw, who), [row], "approve", confirm=confirm)
        assert response.status_code == 403
    assert states(row) == ("submitted",) and audited(row, "approve") == []


def test_anonymous_is_sent_to_sign_in(client, pw):
    row = report(pw)
    response = client.post(SELECTED, {"selected": [row.pk], "decision": "approve", "confirm": "yes"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert states(row) == ("submitted",)


def test_only_posts_are_answered(client, pw):
    assert as_(client, pw, "app5401").get(SELECTED).status_code == 405


def test_an_approver_elsewhere_is_refused_per_report_without_naming_it(client, pw):
    theirs, mine = report(pw, "P-5401"), report(pw, "P-5402", org="5402", who="rep5402")
    response = decide(as_(client, pw, "app5402"), [theirs, mine], "approve")
    assert states(theirs, mine) == ("submitted", "approved")
    assert errors_of(response) == [f"#{theirs.pk} was not approved: This report is not among those you may approve."]
    assert "P-5401" not in response.content.decode()
    assert audited(theirs, "approve") == [] and len(audited(mine, "approve")) == 1


def test_the_approver_of_the_subtree_approves_several_with_one_audit_event_each(client, pw):
    first, second = report(pw, "P-A"), report(pw, "P-B")
    before = AuditEvent.objects.count()
    response = decide(as_(client, pw, "app5401"), [first, second], "approve")
    assert states(first, second) == ("approved", "approved")
    assert AuditEvent.objects.count() == before + 2
    for row in (first, second):
        (event,) = audited(row, "approve")
        assert event.actor_id == pw.people["app5401"].pk and event.channel == "web"
        assert event.changes["state"] == ["submitted", "approved"]
        assert event.object_type == "strategy.projectprogress"
        stored = ProjectProgress.objects.get(pk=row.pk)
        assert stored.decided_by_id == pw.people["app5401"].pk and stored.decided_at is not None
    assert '<div class="notice--success" role="status"><p>2 reports approved.</p></div>' in response.content.decode()


def test_a_single_approval_and_a_bulk_one_audit_alike(client, pw):
    one, other = report(pw, "P-A"), report(pw, "P-B")
    as_(client, pw, "app5401").post(f"/projects/progress/{one.pk}/decide/", {"decision": "approve"})
    decide(client, [other], "approve")
    (single,), (bulk,) = audited(one, "approve"), audited(other, "approve")
    fields = ("actor_id", "channel", "action", "object_type", "reason")
    assert [getattr(single, name) for name in fields] == [getattr(bulk, name) for name in fields]
    assert single.changes == bulk.changes


# --- confirmation ---------------------------------------------------------------------------------------------------


def test_the_first_post_lists_them_and_changes_nothing(client, pw):
    first, second = report(pw, "P-A"), report(pw, "P-B")
    ProjectProgress.objects.filter(pk=second.pk).update(state="approved")  # decided meanwhile
    response = decide(as_(client, pw, "app5401"), [first, second], "approve", confirm=False)
    page = response.content.decode()
    assert response.status_code == 200 and "You are about to approve this report:" in page
    assert page.count(f'name="selected" value="{first.pk}"') == 1
    assert f'name="selected" value="{second.pk}"' not in page
    assert "P-B 2565-Q2: This report is no longer waiting for approval." in page
    assert 'name="confirm" value="yes"' in page and 'name="decision" value="approve"' in page
    assert states(first) == ("submitted",) and audited(first, "approve") == []


def test_nothing_ticked_says_so(client, pw):
    response = decide(as_(client, pw, "app5401"), [], "approve", confirm=False)
    assert response.status_code == 302
    page = client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tick the reports to approve or return first." in page


@pytest.mark.parametrize("decision", ["", "reopen", ["approve", "return"]])
def test_the_decision_is_exactly_one_of_the_two(client, pw, decision):
    row = report(pw)
    response = as_(client, pw, "app5401").post(SELECTED, {"selected": [row.pk], "decision": decision,
                                                          "confirm": "yes"})
    assert response.status_code == 400 and states(row) == ("submitted",)


# --- per report outcome ---------------------------------------------------------------------------------------------


def test_one_that_breaks_a_rule_is_left_waiting_and_the_others_are_approved(client, pw):
    good = report(pw, "P-A")
    broken = progress.submit_progress(
        progress.save_progress(project=pw.p1, period="2565-Q2", entry=ProgressEntry(1, None, 30, ""),
                               acting_user=pw.people["rep5401"], channel="web"),
        acting_user=pw.people["rep5401"], channel="web")
    ProjectProgress.objects.filter(pk=broken.pk).update(progress=5)  # written some other way: below Q1's 10
    gone = report(pw, "P-C")
    ProjectProgress.objects.filter(pk=gone.pk).update(state="returned")  # returned by someone else meanwhile
    response = decide(as_(client, pw, "app5401"), [good, broken, gone, good], "approve")
    assert states(good, broken, gone) == ("approved", "submitted", "returned")
    assert (len(audited(good, "approve")), audited(broken, "approve"), audited(gone, "approve")) == (1, [], [])
    errors = errors_of(response)
    assert len(errors) == 2
    assert errors[0].startswith("P-1 2565-Q2 was not approved:") and "2565-Q1" in errors[0]
    assert errors[1] == "P-C 2565-Q2 was not approved: This report is no longer waiting for approval."
    assert "1 report approved." in response.content.decode()


def test_an_unknown_report_is_said_and_the_others_are_approved(client, pw):
    row = report(pw)
    response = as_(client, pw, "app5401").post(
        SELECTED, {"selected": [str(row.pk), str(row.pk + 999), "x"], "decision": "approve", "confirm": "yes"},
        HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert states(row) == ("approved",)
    assert errors_of(response) == [f"#{row.pk + 999} was not approved: This report is not among those you may "
                                   "approve."]


def test_each_report_is_its_own_savepoint_inside_a_transaction(pw):
    good = report(pw, "P-A")
    broken = progress.submit_progress(
        progress.save_progress(project=pw.p1, period="2565-Q2", entry=ProgressEntry(1, None, 30, ""),
                               acting_user=pw.people["rep5401"], channel="web"),
        acting_user=pw.people["rep5401"], channel="web")
    ProjectProgress.objects.filter(pk=broken.pk).update(progress=5)  # breaks a rule: refused at approval
    with transaction.atomic():
        outcome = progress.decide_each([broken, good], decision="approve", acting_user=pw.people["app5401"],
                                       channel="web")
        assert ProjectProgress.objects.count() >= 2  # the outer transaction is still usable
    assert [problem is None for _row, problem in outcome] == [False, True]
    assert states(broken, good) == ("submitted", "approved")


def test_the_system_may_decide_several(pw):
    first, second = report(pw, "P-A"), report(pw, "P-B")
    outcome = progress.decide_each([first, second], decision="return", acting_user=None, channel="cli",
                                   reason="ขาดหลักฐาน")
    assert [problem for _row, problem in outcome] == [None, None]
    assert states(first, second) == ("returned", "returned")


# --- four eyes ------------------------------------------------------------------------------------------------------


def _both(pw):
    both = get_user_model().objects.create_user("both5401", password=PASSWORD)
    for role in ("reporter", "approver"):
        Membership.objects.create(user=both, org=pw.world.orgs["5401"], role=role)
    pw.people["both5401"] = both
    return "both5401"


def test_four_eyes_refuses_what_the_approver_submitted_and_approves_the_rest(client, pw):
    both = _both(pw)
    own, other = report(pw, "P-OWN", who="both5401"), report(pw, "P-OTHER")
    confirm = decide(as_(client, pw, both), [own, other], "approve", confirm=False).content.decode()
    assert "P-OWN 2565-Q2: You submitted this report; another approver must approve it." in confirm
    assert f'name="selected" value="{own.pk}"' not in confirm
    response = decide(client, [own, other], "approve")  # a forged confirmation with both
    assert states(own, other) == ("submitted", "approved") and audited(own, "approve") == []
    assert errors_of(response) == ["P-OWN 2565-Q2 was not approved: You submitted this report; another approver "
                                   "must approve it."]


def test_four_eyes_off_lets_the_approver_approve_their_own(client, pw, settings):
    settings.GOVKPI_FOUR_EYES = False
    both = _both(pw)
    own = report(pw, "P-OWN", who="both5401")
    decide(as_(client, pw, both), [own], "approve")
    assert states(own) == ("approved",)


# --- return selected ------------------------------------------------------------------------------------------------


def test_returning_several_asks_for_the_reason_at_its_field(client, pw):
    first, second = report(pw, "P-A"), report(pw, "P-B")
    as_(client, pw, "app5401")
    confirm = decide(client, [first, second], "return", confirm=False).content.decode()
    assert '<label for="reason">Reason for returning (required)</label>' in confirm
    assert "You are about to return these 2 reports to their reporters:" in confirm
    response = client.post(SELECTED, {"selected": [first.pk, second.pk], "decision": "return", "confirm": "yes",
                                      "reason": "  "}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 400 and 'class="error-summary"' in page and 'href="#reason"' in page
    assert re.search(r'<textarea id="reason"[^>]*aria-invalid="true"', page)
    assert page.count('name="selected"') == 2  # still selected
    assert states(first, second) == ("submitted", "submitted") and audited(first, "return") == []


def test_returning_several_returns_each_with_the_reason_audited(client, pw):
    first, second = report(pw, "P-A"), report(pw, "P-B")
    response = decide(as_(client, pw, "app5401"), [first, second], "return", reason=" แนบภาพถ่ายหน้างาน ")
    assert states(first, second) == ("returned", "returned")
    for row in (first, second):
        assert ProjectProgress.objects.get(pk=row.pk).return_reason == "แนบภาพถ่ายหน้างาน"
        (event,) = audited(row, "return")
        assert event.reason == "แนบภาพถ่ายหน้างาน" and event.changes["state"] == ["submitted", "returned"]
    assert "2 reports returned to the reporter." in response.content.decode()
    page = as_(client, pw, "rep5401").get(ENTRY).content.decode()  # open again for their reporter, with why
    assert page.count("แนบภาพถ่ายหน้างาน") == 2
    assert f'name="disbursed-{first.project.pk}"' in page and f'name="disbursed-{second.project.pk}"' in page


def test_returning_what_one_submitted_is_allowed_four_eyes_guards_approval(client, pw):
    both = _both(pw)
    own = report(pw, "P-OWN", who="both5401")
    decide(as_(client, pw, both), [own], "return", reason="ขอแก้ไข")
    assert states(own) == ("returned",)


def test_the_messages_are_thai_by_default(client, pw):
    row = report(pw)
    ProjectProgress.objects.filter(pk=row.pk).update(state="approved")
    as_(client, pw, "app5401").post(SELECTED, {"selected": [row.pk], "decision": "approve", "confirm": "yes"})
    page = client.get(QUEUE).content.decode()
    assert "P-A 2565-Q2 ยังไม่ได้อนุมัติ: รายงานนี้ไม่ได้รอการอนุมัติแล้ว" in page and "was not approved" not in page


# --- the entry page keeps what was typed and the file --------------------------------------------------------------


def form(pw, **values):
    key = pw.p1.pk
    data = {"disbursed": "200,000", "committed": "", "progress": "30", "status": "on_track", "problems": "ฝนตก",
            "suggestions": "เร่งรัด", **values}
    return {f"{name}-{key}": value for name, value in data.items()}


def pending_files(tmp_path):
    root = tmp_path / "evidence" / "pending"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_the_form_keeps_what_was_typed_and_the_file_attached(client, pw, tmp_path):
    key = pw.p1.pk
    as_(client, pw, "rep5401")
    response = client.post(ENTRY, {**form(pw, progress="5", committed="๑,๐๐๐", problems="รอวัสดุ", status="delayed"),
                                   f"file-{key}": SimpleUploadedFile("photo.pdf", PDF), "action": "submit"},
                           HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 400 and f'href="#progress-{key}"' in page
    assert f'id="progress-{key}" name="progress-{key}" inputmode="decimal" value="5"' in page
    assert 'value="๑,๐๐๐"' in page and ">รอวัสดุ</textarea>" in page and 'value="delayed" selected' in page
    assert f'id="file-{key}-attached"' in page and "Attached: photo.pdf (added when you save)" in page
    assert re.search(rf'<input id="file-{key}"[^>]*aria-describedby="[^"]*file-{key}-attached"', page)
    assert not ProjectProgress.objects.filter(period="2565-Q2").exists() and len(pending_files(tmp_path)) == 1
    assert "แนบแล้ว: photo.pdf (จะเพิ่มเมื่อบันทึก)" in client.get(ENTRY).content.decode()  # kept for the next visit

    response = client.post(ENTRY, {**form(pw), "action": "submit"})  # fixed; the file is not chosen again
    assert response.status_code == 302
    row = ProjectProgress.objects.get(period="2565-Q2")
    (evidence,) = ProgressEvidence.objects.filter(progress=row)
    assert row.state == "submitted" and evidence.name == "photo.pdf" and evidence.file.read() == PDF
    assert len(progress.events_of(row)) == 3  # created, evidence, submitted
    assert pending_files(tmp_path) == [] and not client.session[SESSION_KEY]


def test_a_kept_file_can_be_removed(client, pw, tmp_path):
    key = pw.p1.pk
    as_(client, pw, "rep5401").post(ENTRY, {**form(pw, disbursed="lots"),
                                            f"file-{key}": SimpleUploadedFile("photo.pdf", PDF), "action": "save"})
    response = client.post(ENTRY, {**form(pw), f"remove_pending-{key}": "on", "action": "save"})
    assert response.status_code == 302
    assert not ProgressEvidence.objects.exists() and pending_files(tmp_path) == []


def test_a_refused_file_is_not_kept(client, pw, tmp_path):
    key = pw.p1.pk
    response = as_(client, pw, "rep5401").post(
        ENTRY, {**form(pw), f"file-{key}": SimpleUploadedFile("x.pdf", b"<html><script></script>"), "action": "save"})
    assert response.status_code == 400 and f'href="#file-{key}"' in response.content.decode()
    assert pending_files(tmp_path) == [] and not ProjectProgress.objects.filter(period="2565-Q2").exists()


def test_a_file_without_a_report_waits_for_the_amount(client, pw, tmp_path):
    key = pw.p1.pk
    response = as_(client, pw, "rep5401").post(
        ENTRY, {f"file-{key}": SimpleUploadedFile("photo.pdf", PDF), "action": "save"}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 400 and "Enter the amount disbursed before adding evidence." in page
    assert "Attached: photo.pdf" in page and len(pending_files(tmp_path)) == 1


def test_a_kept_file_is_the_reporter_s_own_and_not_a_result_s(client, pw):
    key = pw.p1.pk
    as_(client, pw, "rep5401").post(ENTRY, {**form(pw, disbursed="lots"),
                                            f"file-{key}": SimpleUploadedFile("photo.pdf", PDF), "action": "save"})
    assert "photo.pdf" not in client.get("/projects/report/5401/2565-Q3/").content.decode()
    assert "photo.pdf" not in client.get("/results/entry/5401/2565-Q2/").content.decode()
    colleague = get_user_model().objects.create_user("rep5401b", password=PASSWORD)
    Membership.objects.create(user=colleague, org=pw.world.orgs["5401"], role="reporter")
    client.logout()
    client.force_login(colleague)
    assert "photo.pdf" not in client.get(ENTRY).content.decode()


def test_a_kept_file_of_a_report_submitted_since_is_forgotten(client, pw, tmp_path):
    key = pw.p1.pk
    as_(client, pw, "rep5401").post(ENTRY, {**form(pw, disbursed="lots"),
                                            f"file-{key}": SimpleUploadedFile("photo.pdf", PDF), "action": "save"})
    progress.submit_progress(
        progress.save_progress(project=pw.p1, period="2565-Q2", entry=ProgressEntry(1, None, 30, ""),
                               acting_user=pw.people["rep5401"], channel="web"),
        acting_user=pw.people["rep5401"], channel="web")
    assert "photo.pdf" not in client.get(ENTRY).content.decode() and pending_files(tmp_path) == []

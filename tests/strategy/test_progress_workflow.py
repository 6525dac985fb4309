"""Project progress is reported like results (issue 16 item 3): draft → submitted → approved or returned, four eyes,
period locks, every write audited, and the core rules of the workbook refused with located, translated messages —
nothing written. Only approved progress counts in `govkpi budget`."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from govkpi.audit.models import AuditEvent
from govkpi.plans.models import ScoringPolicy
from govkpi.results.models import PeriodUnlock
from govkpi.strategy import progress
from govkpi.strategy.models import ProgressEvidence, ProjectProgress
from govkpi.strategy.progress import ProgressEntry
from govkpi.strategy.services import budget
from tests.strategy.progress_world import build_progress_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def pw(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "evidence": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(tmp_path / "evidence")}}}
    return build_progress_world()


def save(pw, who="rep5401", period="2565-Q2", project=None, **values):
    entry = ProgressEntry(**{"disbursed": 200_000, "progress": 30, "status": "on_track", **values})
    return progress.save_progress(project=project or pw.p1, period=period, entry=entry,
                                  acting_user=pw.people[who] if who else None, channel="web")


def submitted(pw, who="rep5401", **values):
    row = save(pw, who, **values)
    return progress.submit_progress(row, acting_user=pw.people[who], channel="web")


def test_a_report_goes_from_draft_to_approved_with_an_audit_event_at_each_step(pw):
    row = save(pw)
    assert row.state == "draft"
    row = progress.submit_progress(row, acting_user=pw.people["rep5401"], channel="web")
    assert row.state == "submitted" and row.submitted_by == pw.people["rep5401"] and row.submitted_at
    row = progress.approve_progress(row, acting_user=pw.people["app5401"], channel="web")
    assert row.state == "approved" and row.decided_by == pw.people["app5401"]
    actions = [event.action for event in progress.events_of(row)]
    assert actions == ["strategy.progress.create", "strategy.progress.submit", "strategy.progress.approve"]
    assert AuditEvent.objects.get(action="strategy.progress.approve").changes["state"] == ["submitted", "approved"]


def test_a_returned_report_carries_its_reason_and_can_be_changed_and_submitted_again(pw):
    row = submitted(pw)
    with pytest.raises(ValidationError) as refused:
        progress.return_progress(row, acting_user=pw.people["app5401"], channel="web", reason="  ")
    assert "reason" in refused.value.message_dict
    row = progress.return_progress(row, acting_user=pw.people["app5401"], channel="web", reason="ใส่หลักฐาน")
    assert row.state == "returned" and row.return_reason == "ใส่หลักฐาน"
    row = save(pw, disbursed=150_000)
    assert row.state == "returned" and row.disbursed == 150_000
    assert progress.submit_progress(row, acting_user=pw.people["rep5401"], channel="web").state == "submitted"


def test_nobody_approves_their_own_submission(pw):
    both = pw.people["app5401"]
    from govkpi.accounts.models import Membership

    Membership.objects.create(user=both, org=pw.world.orgs["5401"], role="reporter")
    row = submitted(pw, who="app5401")
    with translation.override("en"), pytest.raises(progress.NotAllowed, match="another approver"):
        progress.approve_progress(row, acting_user=both, channel="web")
    assert ProjectProgress.objects.get(pk=row.pk).state == "submitted"
    admin = pw.people["admin"]
    assert progress.approve_progress(row, acting_user=admin, channel="web").state == "approved"


def test_four_eyes_off_lets_the_submitter_approve(pw, settings):
    settings.GOVKPI_FOUR_EYES = False
    row = submitted(pw, who="admin")
    assert progress.approve_progress(row, acting_user=pw.people["admin"], channel="web").state == "approved"


@pytest.mark.parametrize("who", ["rep5402", "rep540101", "app5401", "viewer", "app5402"])
def test_only_a_reporter_of_the_project_s_organisation_enters(pw, who):
    with pytest.raises(progress.NotAllowed):
        save(pw, who)
    assert not ProjectProgress.objects.filter(period="2565-Q2").exists()


@pytest.mark.parametrize("who", ["rep5401", "rep5402", "app5402", "viewer"])
def test_only_an_approver_of_the_subtree_decides(pw, who):
    row = submitted(pw)
    with pytest.raises(progress.NotAllowed):
        progress.approve_progress(row, acting_user=pw.people[who], channel="web")
    with pytest.raises(progress.NotAllowed):
        progress.return_progress(row, acting_user=pw.people[who], channel="web", reason="x")
    assert ProjectProgress.objects.get(pk=row.pk).state == "submitted"


RULES = [
    ({"disbursed": None}, "disbursed", "Enter the amount disbursed"),
    ({"disbursed": -5}, "disbursed", "cannot be negative"),
    ({"committed": -1}, "committed", "cannot be negative"),
    ({"progress": 120}, "progress", "between 0 and 100"),
    ({"progress": 5}, "progress", "lower than the 10 already reported for 2565-Q1"),
    ({"disbursed": 950_000}, "disbursed", "would exceed its allocation"),
    ({"status": "lost"}, "status", "Choose a status"),
]


@pytest.mark.parametrize(("values", "field", "words"), RULES)
def test_the_workbook_s_rules_refuse_with_located_words_and_nothing_is_written(pw, values, field, words):
    before = AuditEvent.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        save(pw, **values)
    assert words in " ".join(refused.value.message_dict[field])
    assert not ProjectProgress.objects.filter(period="2565-Q2").exists()
    assert AuditEvent.objects.count() == before


def test_a_period_overlapping_a_reported_one_or_outside_the_year_is_refused(pw):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        save(pw, period="2565-M02")
    assert "overlaps 2565-Q1" in refused.value.message_dict["period"][0]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        save(pw, period="2566-Q1")
    assert "not in the project's fiscal year 2565" in refused.value.message_dict["period"][0]
    with pytest.raises(ValidationError):
        save(pw, period="2565-H1")


def test_the_refusals_are_in_thai_too(pw):
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        save(pw, disbursed=950_000)
    text = refused.value.message_dict["disbursed"][0]
    assert "exceed" not in text and any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def test_an_approved_report_cannot_be_changed(pw):
    with pytest.raises(progress.TransitionError):
        save(pw, period="2565-Q1", disbursed=1)
    assert ProjectProgress.objects.get(period="2565-Q1").disbursed == 100_000


def test_a_locked_period_takes_no_report_until_an_officer_unlocks_it(pw):
    ScoringPolicy.objects.update_or_create(fiscal_year=2565, defaults={"lock_after_days": 15})
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        save(pw)
    assert "period" in refused.value.message_dict
    assert not ProjectProgress.objects.filter(period="2565-Q2").exists()
    from django.utils import timezone

    now = timezone.now()
    PeriodUnlock.objects.create(org=pw.world.orgs["5401"], period="2565-Q2", fiscal_year=2565, reason="late",
                                at=now, until=now + timezone.timedelta(days=3))
    assert save(pw).state == "draft"


def test_evidence_is_vetted_stored_and_audited(pw):
    row = save(pw)
    bad = SimpleUploadedFile("x.html", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError):
        progress.add_progress_evidence(row, upload=bad, acting_user=pw.people["rep5401"], channel="web")
    good = SimpleUploadedFile("report.html", PDF)
    item = progress.add_progress_evidence(row, upload=good, acting_user=pw.people["rep5401"], channel="web")
    assert item.name == "report.pdf" and item.content_type == "application/pdf"
    assert ProgressEvidence.objects.count() == 1
    assert AuditEvent.objects.filter(action="strategy.progress.evidence").count() == 1
    with pytest.raises(progress.NotAllowed):
        progress.add_progress_evidence(row, upload=SimpleUploadedFile("r.pdf", PDF),
                                       acting_user=pw.people["rep5402"], channel="web")


def _budget_json(capsys):
    call_command("budget", "--fiscal-year", "2565", "--as-of", "2565-Q2", "--format", "json")
    return json.loads(capsys.readouterr().out)


def test_only_approved_progress_counts_in_govkpi_budget(pw, capsys):
    row = submitted(pw, disbursed=300_000)
    save(pw, who="rep5402", project=pw.p2, disbursed=50_000)
    report = _budget_json(capsys)
    assert report["totals"]["disbursed"] == 100_000
    assert {p["code"]: p["disbursed"] for p in report["projects"]} == {"P-1": 100_000, "P-2": 0}
    progress.approve_progress(row, acting_user=pw.people["app5401"], channel="web")
    report = _budget_json(capsys)
    assert report["totals"]["disbursed"] == 400_000
    assert report == budget(2565, "2565-Q2")


def test_the_default_quarter_ignores_unapproved_periods(pw):
    save(pw, period="2565-Q2")
    assert budget(2565)["as_of"] == "2565-Q1"

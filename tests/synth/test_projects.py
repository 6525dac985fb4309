"""`govkpi synth` generates the year's projects with monthly progress and disbursement targets: through the workbook
at the small scale, through the bulk path (checked by `core.budget.check_progress`) at the national scale; the
contract's rules hold either way and `govkpi budget` reads them."""

import io
import json
from collections import defaultdict

import pytest
from django.core.management import call_command

from govkpi.audit.models import AuditEvent
from govkpi.strategy.models import DisbursementTarget, Project, ProjectProgress
from govkpi.strategy.services import budget
from govkpi.synth import actions as synth
from govkpi.synth.generate import SCALES, projects

pytestmark = pytest.mark.django_db(transaction=True)


def assert_contract_holds():
    allocated = dict(Project.objects.values_list("pk", "allocated"))
    paid = defaultdict(float)
    last = {}
    for project, period, disbursed, progress in ProjectProgress.objects.order_by("project", "period").values_list(
            "project", "period", "disbursed", "progress"):
        paid[project] += disbursed
        assert disbursed >= 0
        assert progress >= last.get(project, 0), (project, period)
        last[project] = progress
    assert all(paid[pk] <= allocated[pk] for pk in paid)


def test_the_small_scale_loads_projects_through_the_workbook():
    out = io.StringIO()
    call_command("synth", scale="small", load=True, fraction=0.3, stdout=out)
    count = Project.objects.count()
    assert count > 50 and f" {count} " in out.getvalue()
    assert ProjectProgress.objects.count() > 10 * count * 0.9
    assert DisbursementTarget.objects.filter(kind="investment").count() == 4
    assert_contract_holds()
    report = budget(2565)
    assert report["as_of"] == "2565-Q4"
    assert report["totals"]["projects"] == count - sum(1 for p in report["projects"] if p["status"] == "cancelled")
    assert 0 < report["totals"]["rate"] <= 1
    assert AuditEvent.objects.get(action="synth.load").changes["projects"] == count


def test_the_bulk_path_writes_the_same_projects(monkeypatch):
    monkeypatch.setattr(synth, "VALIDATED_PROGRESS", 0)
    monkeypatch.setattr(synth, "VALIDATED_RESULTS", 0)
    report = synth.load_synthetic("small", seed=2, fraction=0.2)
    generated = list(projects(SCALES["small"], 2, 0.2))
    assert report.projects == Project.objects.count() == len(generated)
    assert report.project_progress == ProjectProgress.objects.count() == sum(len(rows) for _, rows in generated)
    code, rows = generated[0][0]["code"], generated[0][1]
    stored = ProjectProgress.objects.filter(project__code=code).order_by("period")
    assert [(r.period, r.disbursed, r.progress, r.status) for r in stored] == [
        (r["period"], r["disbursed"], r["progress"], r["status"]) for r in rows]
    assert_contract_holds()


def test_a_project_the_rule_refuses_stops_the_load_and_writes_nothing(monkeypatch):
    monkeypatch.setattr(synth, "VALIDATED_PROGRESS", 0)
    real = synth.projects

    def overpaid(*args):
        for project, rows in real(*args):
            yield project, [{**rows[0], "disbursed": project["allocated"] + 1}, *rows[1:]]

    monkeypatch.setattr(synth, "projects", overpaid)
    with pytest.raises(ValueError, match="over_allocated"):
        synth.load_synthetic("small", seed=2, fraction=0.05)
    assert not Project.objects.exists() and not ProjectProgress.objects.exists()


def test_the_national_scale_has_about_80000_projects_and_scales_with_the_fraction():
    whole = sum(1 for _ in projects(SCALES["national"], 1))
    assert 75_000 <= whole <= 90_000
    tenth = sum(1 for _ in projects(SCALES["national"], 1, 0.1))
    assert 0.05 * whole < tenth < 0.15 * whole


def test_the_written_workbook_has_the_project_tables(tmp_path):
    path = tmp_path / "small.json"
    call_command("synth", scale="small", out=str(path), fraction=0.2, stdout=io.StringIO())
    book = json.loads(path.read_text(encoding="utf-8"))
    assert book["projects"] and book["project_progress"] and len(book["disbursement_targets"]) == 8

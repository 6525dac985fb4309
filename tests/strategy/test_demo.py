"""The demo's strategy cycle: generated deterministically, loaded by `load-demo` with the national hierarchy, and
giving sensible budget figures."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from govkpi.demo.actions import DEMO_STRATEGY, NATIONAL_PLANS
from govkpi.demo.strategy import build, dump
from govkpi.strategy.models import Plan, PlanItem, Project
from govkpi.workbook.actions import load_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("load_demo", stdout=io.StringIO())


def test_the_shipped_file_is_what_the_generator_writes():
    assert DEMO_STRATEGY.read_text(encoding="utf-8") == dump(build())


def test_the_national_hierarchy_and_the_illustrative_plan(demo):
    assert Plan.objects.get(code="NS").items.count() == 6
    nesdp = Plan.objects.get(code="NESDP13")
    assert (nesdp.start_year, nesdp.end_year, nesdp.parent.code, nesdp.items.count()) == (2566, 2570, "NS", 13)
    phrae = Plan.objects.get(code="PHRAE-2566-2570")
    assert phrae.parent == nesdp and "illustrative" in phrae.extra["x_note"]
    issue = PlanItem.objects.get(plan=phrae, code="3")
    assert {item.reference for item in issue.aligns.all()} == {"NS:5", "NESDP13:10", "NESDP13:11"}
    assert set(PlanItem.objects.get(plan=phrae, code="3.1").goals.values_list("code", flat=True)) == {"G01"}
    assert Project.objects.filter(fiscal_year=2565).count() == 30
    assert all("illustrative" in project.extra["x_note"] for project in Project.objects.all())


def test_loading_the_files_again_changes_nothing(demo):
    for path in (NATIONAL_PLANS, DEMO_STRATEGY):
        assert not load_workbook(path).changed


def test_the_demo_budget_is_sensible(demo):
    out = io.StringIO()
    call_command("budget", fiscal_year="2565", stdout=out)
    report = json.loads(out.getvalue())
    assert report["as_of"] == "2565-Q3"  # the demo stops at the press conference of 20 September 2565
    totals = report["totals"]
    assert totals["projects"] == 29  # one of the 30 was cancelled
    assert 0.4 < totals["rate"] < totals["target_rate"] < 0.8
    assert any(p["behind"] for p in report["projects"]) and not all(p["behind"] for p in report["projects"])
    assert [p["status"] for p in report["projects"]].count("cancelled") == 1
    assert len(report["goals"]) == 12


def test_the_demo_plan_progress_lists_the_targeted_indicators(demo):
    out = io.StringIO()
    call_command("plan", "progress", plan="PHRAE-2566-2570", stdout=out)
    report = json.loads(out.getvalue())
    assert report["org"] == "54" and len(report["indicators"]) == 12
    hotspots = next(line for line in report["indicators"] if line["indicator"] == "G01-1")
    assert hotspots["years"][0] == {"fiscal_year": 2566, "target": 873, "actual": None, "met": None}  # 900 − 3 %

"""`govkpi budget` and `govkpi plan progress` (planning.md), on small hand-computed cases."""

from __future__ import annotations

import json

import pytest

from tests.workbook.conftest import run, write_json

from .conftest import workbook

pytestmark = pytest.mark.django_db


def budget(*args: str) -> dict:
    status, out, err = run("budget", "--fiscal-year", "2565", *args)
    assert status == 0, err
    return json.loads(out)


def test_budget_as_of_defaults_to_the_latest_quarter_reported(strategy):
    report = budget()
    assert report["fiscal_year"] == 2565 and report["as_of"] == "2565-Q2"
    one, two = report["projects"]
    assert one == {"code": "P2565-001", "goal": "G01", "org": "5401", "allocated": 1_000_000, "disbursed": 350_000,
                   "rate": 0.35, "target_rate": 0.4, "behind": True, "progress": 35, "status": "delayed"}
    # operating: no row of its own kind for Q2, so the empty kind's 0.45; M03 (December) ends within Q2
    assert two == {"code": "P2565-002", "goal": None, "org": "5402", "allocated": 200_000, "disbursed": 50_000,
                   "rate": 0.25, "target_rate": 0.45, "behind": True, "progress": 20, "status": None}
    totals = report["totals"]
    assert (totals["projects"], totals["allocated"], totals["disbursed"]) == (2, 1_200_000, 400_000)
    assert totals["rate"] == 400_000 / 1_200_000
    assert totals["target_rate"] == pytest.approx((1_000_000 * 0.4 + 200_000 * 0.45) / 1_200_000)
    assert totals["behind"] is True
    assert [g["goal"] for g in report["goals"]] == ["G01", None]
    assert [o["org"] for o in report["orgs"]] == ["5401", "5402"]
    assert report["orgs"][0]["target_rate"] == 0.4


def test_budget_as_of_an_earlier_quarter(strategy):
    report = budget("--as-of", "๒๕๖๕-Q1")
    assert report["as_of"] == "2565-Q1"
    one, two = report["projects"]
    assert (one["disbursed"], one["target_rate"], one["progress"], one["status"]) == (100_000, 0.2, 10, "on_track")
    assert (two["disbursed"], two["target_rate"]) == (50_000, 0.2)  # December ends Q1


def test_a_cancelled_project_is_listed_but_out_of_the_totals(strategy, tmp_path):
    more = [{"project": "P2565-002", "period": "2565-M04", "disbursed": 0, "status": "cancelled"}]
    assert run("load", str(write_json(tmp_path / "c.json", {"project_progress": more})))[0] == 0
    report = budget("--as-of", "2565-Q2")
    assert report["projects"][1]["status"] == "cancelled"
    assert report["totals"]["projects"] == 1 and report["totals"]["allocated"] == 1_000_000
    assert [o["org"] for o in report["orgs"]] == ["5401"]


def test_budget_refuses_bad_input_with_status_2(strategy):
    status, _out, err = run("budget", "--fiscal-year", "2565", "--as-of", "2565-M03", "--lang", "en")
    assert status == 2 and "not a quarter of fiscal year 2565" in err
    assert run("budget", "--fiscal-year", "2022")[0] == 2


def test_budget_table_says_behind_in_words(strategy):
    status, out, _err = run("budget", "--fiscal-year", "2565", "--format", "table", "--lang", "en")
    assert status == 0
    assert "as of 2565-Q2" in out and "behind" in out and "P2565-001" in out and "35%" in out
    status, out, _err = run("budget", "--fiscal-year", "2565", "--format", "table")
    assert "ต่ำกว่าเป้า" in out


PROGRESS_RESULTS = [
    {"indicator": "G01-1", "org": "5401", "period": "2566", "value": 100},
    {"indicator": "G01-1", "org": "5402", "period": "2566", "value": 50},
    {"indicator": "G01-1", "org": "5401", "period": "2567-Q1", "value": 100},
    {"indicator": "G01-1", "org": "5401", "period": "2567-Q2", "value": 80},
    {"indicator": "G01-1", "org": "5402", "period": "2567", "value": 60},
    {"indicator": "G01-1", "org": "5402", "period": "2568", "value": 999, "status": "submitted"},
    {"indicator": "G01-2", "org": "5402", "period": "2566", "numerator": 3, "denominator": 200},
    {"indicator": "G01-2", "org": "5402", "period": "2567", "numerator": 5, "denominator": 200},
]
PROGRESS_TARGETS = [
    {"indicator": "G01-1", "fiscal_year": 2566, "target": 85},
    {"indicator": "G01-1", "org": "5401", "fiscal_year": 2566, "target": 90},
    {"indicator": "G01-1", "fiscal_year": 2567, "target": 200},
    {"indicator": "G01-1", "fiscal_year": 2570, "target": 400},
    {"indicator": "G01-2", "fiscal_year": 2566, "target": 2},
    {"indicator": "G01-2", "fiscal_year": 2570, "target": 1},
    {"indicator": "G01-2", "fiscal_year": 2571, "target": 0.5},  # after the plan: left out
]


@pytest.fixture
def results(tmp_path, db):
    tables = workbook(results=PROGRESS_RESULTS, targets=PROGRESS_TARGETS)
    status, _out, err = run("load", str(write_json(tmp_path / "p.json", tables)), "--lang", "en")
    assert status == 0, err


def progress(*args: str) -> dict:
    status, out, err = run("plan", "progress", "--plan", "PHRAE-2566-2570", *args)
    assert status == 0, err
    return json.loads(out)


def test_plan_progress_of_the_province_rolls_up_its_districts(results):
    report = progress()
    assert (report["plan"], report["org"]) == ("PHRAE-2566-2570", "54")
    first, second = report["indicators"]
    assert first == {"indicator": "G01-1", "direction": "higher_is_better", "years": [
        {"fiscal_year": 2566, "target": 85, "actual": 150, "met": True},
        {"fiscal_year": 2567, "target": 200, "actual": 240, "met": True},
        {"fiscal_year": 2570, "target": 400, "actual": None, "met": None},
    ], "status": "substantial_progress"}  # 150 → 240 in a year (+60 %) against (400/150)^¼ − 1 ≈ 27.8 % needed
    assert second["direction"] == "lower_is_better"
    assert second["years"] == [{"fiscal_year": 2566, "target": 2, "actual": 1.5, "met": True},
                               {"fiscal_year": 2570, "target": 1, "actual": None, "met": None}]
    assert second["status"] == "deterioration"  # 1.5 → 2.5 (2567, a year without a target) moves away from 1


def test_plan_progress_of_one_organisation_uses_its_own_target(results):
    first = progress("--org", "5401")["indicators"][0]
    assert first["years"][:2] == [{"fiscal_year": 2566, "target": 90, "actual": 100, "met": True},
                                  {"fiscal_year": 2567, "target": 200, "actual": 180, "met": False}]
    assert first["status"] == "substantial_progress"  # 100 → 180 (+80 %) against 4^¼ − 1 ≈ 41 % a year


def test_plan_progress_refuses_an_unknown_plan(results):
    status, _out, err = run("plan", "progress", "--plan", "XX", "--lang", "en")
    assert status == 2 and "no plan with code XX" in err
    status, out, _err = run("plan", "progress", "--plan", "PHRAE-2566-2570", "--format", "table", "--lang", "en")
    assert status == 0 and "Substantial progress" in out and "not met" not in out.split("G01-2")[0]

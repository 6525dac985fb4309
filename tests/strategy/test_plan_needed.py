"""`govkpi plan needed` (issue 18): what each indicator still needs to reach the year's achieved score."""

from __future__ import annotations

import copy
import json

import pytest

from govkpi.scorecards.services import find_org, score_org
from tests.workbook.conftest import BASE, run, write_json

INDICATORS = [
    {"code": "G01-1", "goal": "G01", "name_th": "รายได้", "name_en": "Income", "unit": "บาท",
     "direction": "higher_is_better", "aggregation": "sum", "period_type": "quarter"},
    {"code": "G01-2", "goal": "G01", "name_th": "ความพึงพอใจ", "unit": "ร้อยละ", "direction": "higher_is_better",
     "aggregation": "mean", "period_type": "quarter"},
    {"code": "G01-3", "goal": "G01", "name_th": "อัตราตาย", "unit": "ร้อยละ", "direction": "lower_is_better",
     "aggregation": "last", "period_type": "month"},
    {"code": "G01-4", "goal": "G01", "name_th": "ครัวเรือนผ่านเกณฑ์", "unit": "ร้อยละ",
     "direction": "higher_is_better", "aggregation": "ratio", "multiplier": 100, "period_type": "year"},
]
UP = {"level1": 60, "level2": 70, "level3": 80, "level4": 90, "level5": 100}
CRITERIA = [
    {"fiscal_year": 2565, "indicator": "G01-1", "weight": 5, **UP},
    {"fiscal_year": 2565, "indicator": "G01-2", "weight": 3, **UP},
    {"fiscal_year": 2565, "indicator": "G01-3", "weight": 2, "level1": 20, "level2": 15, "level3": 10, "level4": 5,
     "level5": 0},
    {"fiscal_year": 2565, "indicator": "G01-4", "weight": 1, "level1": 10, "level2": 20, "level3": 30, "level4": 40,
     "level5": 50},
    {"fiscal_year": 2565, "indicator": "G01-4", "org": "5401", "weight": 1, "level1": 1, "level2": 2, "level3": 3,
     "level4": 4, "level5": 5},
]
RESULTS = [
    {"indicator": "G01-1", "org": "5401", "period": "2565-Q1", "value": 30},
    {"indicator": "G01-1", "org": "5401", "period": "2565-Q2", "value": 20},
    {"indicator": "G01-1", "org": "5401", "period": "2565-Q3", "value": 99, "status": "submitted"},
    {"indicator": "G01-2", "org": "5401", "period": "2565-Q1", "value": 70},
    {"indicator": "G01-2", "org": "5401", "period": "2565-Q2", "value": 70},
    {"indicator": "G01-3", "org": "5401", "period": "2565-M01", "value": 16},
    {"indicator": "G01-3", "org": "5401", "period": "2565-M06", "value": 12},
    {"indicator": "G01-1", "org": "5402", "period": "2565-Q1", "value": 40},
]

ASSESSMENTS = [
    {"framework": "ita", "fiscal_year": 2565, "org": "5401", "score": 92, "level": "A",
     "components": '{"IIT": 24, "EIT": 29, "OIT": 39}'},
    {"framework": "ita", "fiscal_year": 2565, "org": "54", "score": 99.15, "level": "AA",
     "components": '{"IIT": 29.85, "EIT": 29.3, "OIT": 40}'},
]


@pytest.fixture
def loaded(tmp_path, db):
    tables = copy.deepcopy(BASE)
    tables.update(indicators=INDICATORS, criteria=CRITERIA, results=RESULTS, assessments=ASSESSMENTS, awards=[],
                  claims=[])
    status, _out, err = run("load", str(write_json(tmp_path / "needed.json", tables)), "--lang", "en")
    assert status == 0, err


def needed(*args: str) -> dict:
    status, out, err = run("plan", "needed", "--fiscal-year", "2565", *args)
    assert status == 0, err
    return json.loads(out)


def test_a_district_sees_each_indicator_cheapest_gain_first(loaded):
    report = needed("--org", "5401")
    assert (report["fiscal_year"], report["org"], report["as_of"]) == (2565, "5401", "2565-Q2")
    rows = {row["indicator"]: row for row in report["indicators"]}
    assert [row["indicator"] for row in report["indicators"]] == ["G01-3", "G01-2", "G01-1", "G01-4"]
    # sum: 30 + 20 so far, 80 needed: the two quarters left must bring 30; below level 1 the score does not move
    assert {k: rows["G01-1"][k] for k in ("value", "score", "needed", "remaining", "gain_per_unit")} == {
        "value": 50, "score": 0, "needed": 80, "remaining": 30, "gain_per_unit": 0}
    # mean: two quarters at 70, the year mean must be 80: the two left must average 90; 3/10 of the weight × 1/10
    assert rows["G01-2"]["needed"] == 80 and rows["G01-2"]["remaining"] == pytest.approx(90)
    assert rows["G01-2"]["gain_per_unit"] == pytest.approx(0.03)
    # last, lower is better: the latest month (12) counts; 10 is the largest value that scores 3
    assert rows["G01-3"]["value"] == 12 and rows["G01-3"]["score"] == pytest.approx(2.6)
    assert rows["G01-3"]["needed"] == 10 and rows["G01-3"]["remaining"] == 10 and rows["G01-3"]["periods_left"] == 6
    assert rows["G01-3"]["gain_per_unit"] == pytest.approx(0.2 * 0.2)
    # ratio with the district's own criteria, no result yet: the value itself, nothing to gain per unit yet
    assert (rows["G01-4"]["value"], rows["G01-4"]["needed"], rows["G01-4"]["remaining"]) == (None, 3, 3)
    assert rows["G01-4"]["gain_per_unit"] is None and rows["G01-4"]["criteria"] == "org"


def test_the_current_scores_are_the_scorecards_own(loaded):
    report = needed("--org", "5401")
    card = score_org(2565, find_org("5401"))
    scores = {row["code"]: (row["value"], row["score"]) for row in card["indicators"]}
    assert {row["indicator"]: (row["value"], row["score"]) for row in report["indicators"]} == scores


def test_as_of_an_earlier_period_counts_only_the_results_up_to_it(loaded):
    rows = {row["indicator"]: row for row in needed("--org", "5401", "--as-of", "2565-Q1")["indicators"]}
    assert (rows["G01-1"]["value"], rows["G01-1"]["remaining"]) == (30, 50)
    assert rows["G01-2"]["remaining"] == pytest.approx((80 * 4 - 70) / 3)
    assert rows["G01-3"]["value"] == 16 and rows["G01-3"]["periods_left"] == 9


def test_the_province_rolls_up_its_districts_and_uses_the_criteria_for_all(loaded):
    report = needed()
    assert report["org"] == "54"
    rows = {row["indicator"]: row for row in report["indicators"]}
    assert rows["G01-1"]["value"] == 90 and rows["G01-1"]["remaining"] == 0
    assert rows["G01-4"]["needed"] == 30 and rows["G01-4"]["criteria"] == "all"


def test_the_year_end_leaves_no_period_for_a_mean(loaded):
    rows = {row["indicator"]: row for row in needed("--org", "5401", "--as-of", "2565")["indicators"]}
    assert rows["G01-2"]["remaining"] is None and rows["G01-2"]["reason"] == "no_periods_left"
    assert rows["G01-1"]["remaining"] == 30 and rows["G01-1"]["periods_left"] == 0


def test_the_table_reads_in_thai_and_english(loaded):
    status, out, _err = run("plan", "needed", "--fiscal-year", "2565", "--org", "5401", "--format", "table",
                            "--lang", "en")
    assert status == 0 and "What it takes" in out and "G01-3" in out and "0.0400" in out
    status, out, _err = run("plan", "needed", "--fiscal-year", "๒๕๖๕", "--org", "5401", "--format", "table",
                            "--digits", "thai")
    assert status == 0 and "๒๕๖๕" in out and "What it takes" not in out


@pytest.mark.parametrize("args", [
    ["--fiscal-year", "2565", "--as-of", "2566-Q1"],
    ["--fiscal-year", "2565", "--as-of", "Q9"],
    ["--fiscal-year", "2565", "--org", "XX"],
    ["--fiscal-year", "2022"],
    [],
])
def test_bad_input_exits_with_2(loaded, args):
    status, _out, err = run("plan", "needed", "--lang", "en", *args)
    assert status == 2 and err


def test_assessment_components_say_the_points_they_still_need_for_the_next_level(loaded):
    (ita,) = needed("--org", "5401")["frameworks"]
    assert (ita["framework"], ita["level"], ita["next_level"], ita["next_from"]) == ("ita", "A", "AA", 95)
    rows = {row["component"]: row for row in ita["components"]}
    assert rows["IIT"]["points_needed"] == pytest.approx(3) and rows["IIT"]["reachable"] is True
    assert rows["EIT"]["reachable"] is False  # 29 of 30: three more points do not fit
    (top,) = needed()["frameworks"]
    assert top["level"] == "AA" and top["next_level"] is None


def test_progress_still_needs_a_plan(loaded):
    status, _out, err = run("plan", "progress")
    assert status == 2 and "--plan" in err


# 2565-Q2 leaves no result out (the bulk engine's cards); 2565-Q1 leaves some out (the core's scorer over the rest)
@pytest.mark.parametrize("as_of", ["2565-Q2", "2565-Q1"])
def test_every_organisation_from_one_read_agrees_with_each_organisations_own_report(loaded, as_of):
    status, out, err = run("plan", "needed", "--fiscal-year", "2565", "--all-orgs", "--as-of", as_of,
                           "--format", "jsonl")
    assert status == 0, err
    reports = [json.loads(line) for line in out.splitlines()]
    listed = [report["org"] for report in reports]
    status, scored, err = run("score", "--fiscal-year", "2565", "--all-orgs", "--format", "jsonl")
    assert status == 0, err
    assert listed == [json.loads(line)["org"] for line in scored.splitlines()]  # the organisations score lists
    assert "5401" in listed and "54" in listed
    for report in reports:
        assert report == needed("--org", report["org"], "--as-of", as_of)
    status, out, err = run("plan", "needed", "--fiscal-year", "2565", "--all-orgs", "--as-of", as_of)
    assert status == 0 and json.loads(out) == reports


def test_every_organisation_defaults_to_the_latest_period_anywhere(loaded):
    status, out, err = run("plan", "needed", "--fiscal-year", "2565", "--all-orgs", "--format", "jsonl")
    assert status == 0, err
    assert {json.loads(line)["as_of"] for line in out.splitlines()} == {"2565-Q2"}


@pytest.mark.parametrize("args", [
    ["--all-orgs", "--org", "5401"],
    ["--all-orgs", "--format", "table"],
    ["--format", "jsonl"],
    ["--all-orgs", "--as-of", "2566-Q1"],
])
def test_all_orgs_refuses_what_it_cannot_do(loaded, args):
    status, _out, err = run("plan", "needed", "--fiscal-year", "2565", "--lang", "en", *args)
    assert status == 2 and err


@pytest.mark.parametrize("as_of", [None, "2565-Q1"])
def test_each_line_is_the_json_of_the_report_exactly(loaded, as_of):
    from govkpi.strategy.needed import needed_all, needed_lines

    reports = list(needed_all(2565, as_of))
    assert [json.dumps(r, ensure_ascii=False) for r in reports] == list(needed_lines(2565, as_of))

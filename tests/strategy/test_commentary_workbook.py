"""The commentary and corrective_actions tables (planning.md) and the scoring_policy's require_commentary column:
loaded all-or-nothing, every mistake said at its table, row and column, and export → load changes nothing."""

from __future__ import annotations

import datetime

import pytest

from govkpi.plans.models import ScoringPolicy
from govkpi.strategy.models import Commentary, CorrectiveAction
from govkpi.workbook.actions import load_workbook
from govkpi.workbook.export import export_workbook
from tests.workbook.conftest import BASE, run, write_json, write_xlsx

pytestmark = pytest.mark.django_db

COMMENTARY = [
    {"org": "5401", "indicator": "G01-1", "period": "2565-Q2", "analysis": "รายได้ลดลง", "problems": "ฝนตกหนัก",
     "suggestions": "เร่งส่งเสริมการตลาด", "lessons": "วางแผนล่วงหน้า", "x_source": "ประชุม กบจ."},
    {"org": "54", "goal": "G01", "period": "2565", "problems": "เศรษฐกิจชะลอตัว"},
]
ACTIONS = [
    {"code": "CA-001", "indicator": "G01-1", "org": "5401", "title_th": "จัดตลาดนัดชุมชน", "title_en": "Market days",
     "owner": "5402", "due": "31/3/2565", "status": "open", "opened_in": "2565-Q2"},
    {"code": "CA-002", "indicator": "G01-2", "org": "5402", "title_th": "รณรงค์", "status": "done"},
]


def tables(**changes: list[dict]) -> dict:
    policy = [{**BASE["scoring_policy"][0], "require_commentary": 1}]
    found = {**BASE, "scoring_policy": policy, "commentary": COMMENTARY, "corrective_actions": ACTIONS}
    found.update(changes)
    return {name: [dict(row) for row in rows] for name, rows in found.items()}


@pytest.fixture
def loaded(tmp_path, db) -> None:
    status, _out, err = run("load", str(write_json(tmp_path / "all.json", tables())), "--lang", "en")
    assert status == 0, err


def test_it_loads_commentary_actions_and_the_policy_switch(loaded):
    note = Commentary.objects.get(org__code="5401", indicator__code="G01-1", period="2565-Q2")
    assert (note.problems, note.suggestions, note.goal, note.extra) == ("ฝนตกหนัก", "เร่งส่งเสริมการตลาด", None,
                                                                       {"x_source": "ประชุม กบจ."})
    assert Commentary.objects.get(org__code="54", period="2565").goal.code == "G01"
    action = CorrectiveAction.objects.get(code="CA-001")
    assert (action.owner.code, action.due, action.status, action.opened_in) == (
        "5402", datetime.date(2022, 3, 31), "open", "2565-Q2")
    assert CorrectiveAction.objects.get(code="CA-002").opened_in == ""
    assert ScoringPolicy.objects.get(fiscal_year=2565).require_commentary is True


def test_a_workbook_without_the_switch_leaves_it_off(tmp_path, db):
    assert run("load", str(write_json(tmp_path / "base.json", BASE)))[0] == 0
    assert ScoringPolicy.objects.get(fiscal_year=2565).require_commentary is False


def test_loading_it_again_changes_nothing(loaded, tmp_path):
    assert not load_workbook(write_json(tmp_path / "again.json", tables())).changed


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".xlsx", ".ods"])
def test_export_then_load_changes_nothing(loaded, tmp_path, suffix):
    path = tmp_path / f"out{suffix}"
    export_workbook(path)
    report = load_workbook(path)
    assert not report.changed, report.as_dict()


def test_the_export_writes_the_switch_and_both_tables(loaded, tmp_path):
    import json

    path = tmp_path / "out.json"
    export_workbook(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["scoring_policy"][0]["require_commentary"] == 1
    assert [row["code"] for row in data["corrective_actions"]] == ["CA-001", "CA-002"]
    assert {row["period"] for row in data["commentary"]} == {"2565", "2565-Q2"}


def test_an_update_is_written(loaded, tmp_path):
    actions = [dict(row) for row in ACTIONS]
    actions[0]["status"] = "done"
    report = load_workbook(write_json(tmp_path / "u.json", {"corrective_actions": actions}))
    assert report.tables["corrective_actions"].as_dict() == {"created": 0, "updated": 1, "unchanged": 1}
    assert CorrectiveAction.objects.get(code="CA-001").status == "done"


CASES = [
    ("commentary", 0, {"goal": "G01"}, "indicator", "give exactly one of indicator or goal"),
    ("commentary", 1, {"goal": ""}, "indicator", "give exactly one of indicator or goal"),
    ("commentary", 0, {"indicator": "G09-9"}, "indicator", "no indicator with code G09-9"),
    ("commentary", 1, {"goal": "G09"}, "goal", "no goal with code G09"),
    ("commentary", 0, {"org": "5499"}, "org", "no organisation with code 5499"),
    ("commentary", 0, {"period": "2565-Q5"}, "period", ""),
    ("corrective_actions", 0, {"status": "closed"}, "status", "closed"),
    ("corrective_actions", 0, {"owner": "5499"}, "owner", "no organisation with code 5499"),
    ("corrective_actions", 0, {"indicator": "G09-9"}, "indicator", "no indicator with code G09-9"),
    ("corrective_actions", 0, {"opened_in": "Q2"}, "opened_in", ""),
    ("corrective_actions", 0, {"due": "31/13/2565"}, "due", "is not a date"),
    ("corrective_actions", 1, {"title_th": ""}, "title_th", "a value is required"),
    ("scoring_policy", 0, {"require_commentary": "yes"}, "require_commentary", "yes"),
]


@pytest.mark.parametrize(("table", "index", "change", "column", "message"), CASES)
def test_each_mistake_is_said_at_its_cell_and_nothing_is_written(tmp_path, db, table, index, change, column,
                                                                  message):
    rows = tables()[table]
    rows[index].update(change)
    status, _out, err = run("load", str(write_json(tmp_path / "bad.json", tables(**{table: rows}))), "--lang", "en")
    assert status == 2
    assert f"table {table}, row {index + 1}, column {column}: " in err, err
    assert message in err, err
    assert not Commentary.objects.exists() and not CorrectiveAction.objects.exists()
    assert not ScoringPolicy.objects.exists()


def test_a_sheet_names_the_spreadsheet_cell(tmp_path, db):
    rows = tables()["commentary"]
    rows[1]["indicator"] = "G01-1"
    status, _out, err = run("load", str(write_xlsx(tmp_path / "bad.xlsx", tables(commentary=rows))), "--lang", "en")
    assert status == 2 and "sheet commentary, row 3, column indicator" in err, err

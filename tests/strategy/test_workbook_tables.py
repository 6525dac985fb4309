"""The strategy tables load all-or-nothing, with every contract rule said at its sheet, row and column."""

from __future__ import annotations

import pytest

from govkpi.strategy.models import DisbursementTarget, Plan, PlanItem, Project, ProjectProgress, Target
from govkpi.workbook.actions import load_workbook
from govkpi.workbook.export import export_workbook
from tests.workbook.conftest import counts, empty_database, run, write_json, write_xlsx

from .conftest import STRATEGY, workbook

pytestmark = pytest.mark.django_db


def strategy_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Plan, PlanItem, Target, Project, ProjectProgress, DisbursementTarget)}


def test_it_loads_every_table_with_its_links(strategy):
    assert strategy_counts() == {"Plan": 2, "PlanItem": 3, "Target": 3, "Project": 2, "ProjectProgress": 3,
                                 "DisbursementTarget": 3}
    item = PlanItem.objects.get(plan__code="PHRAE-2566-2570", code="1.1")
    assert item.parent.code == "1" and item.parent.plan.code == "PHRAE-2566-2570"
    top = item.parent
    assert [i.reference for i in top.aligns.all()] == ["NS:2"]
    assert [g.code for g in top.goals.all()] == ["G01"]
    project = Project.objects.get(code="P2565-001")
    assert project.allocated == 1_000_000 and project.plan_item == item and project.org.code == "5401"
    assert sorted(project.indicators.values_list("code", flat=True)) == ["G01-1", "G01-2"]
    assert Plan.objects.get(code="PHRAE-2566-2570").parent.code == "NS"
    assert Plan.objects.get(code="PHRAE-2566-2570").extra == {"x_note": "illustrative"}


def test_loading_it_again_changes_nothing(strategy, tmp_path):
    report = load_workbook(write_json(tmp_path / "again.json", workbook()))
    assert not report.changed


def test_export_then_load_changes_nothing_in_every_format(strategy, tmp_path):
    for suffix in (".json", ".yaml", ".xlsx", ".ods"):
        path = tmp_path / f"out{suffix}"
        export_workbook(path)
        report = load_workbook(path)
        assert not report.changed, (suffix, report.as_dict())


def test_an_update_rewrites_links(strategy, tmp_path):
    items = [dict(row) for row in STRATEGY["plan_items"]]
    items[1]["aligns"] = ""
    items[1]["goals"] = ""
    report = load_workbook(write_json(tmp_path / "u.json", workbook(plan_items=items)))
    assert report.tables["plan_items"].updated == 1
    top = PlanItem.objects.get(plan__code="PHRAE-2566-2570", code="1")
    assert not top.aligns.exists() and not top.goals.exists()


CASES = [
    ("plans", 1, {"start_year": 2571}, "end_year", "the last year (2570) must not be before the first year (2571)"),
    ("plans", 1, {"parent": "XX"}, "parent", "no plan with code XX"),
    ("plan_items", 2, {"parent": "9"}, "parent", "plan PHRAE-2566-2570 has no item with code 9"),
    ("plan_items", 1, {"aligns": "NS:9"}, "aligns", "no plan item NS:9"),
    ("plan_items", 1, {"aligns": "NS-2"}, "aligns", "is not a plan item: write PLAN:ITEM"),
    ("plan_items", 1, {"aligns": "PHRAE-2566-2570:1.1"}, "aligns", "an item of the same plan"),
    ("plan_items", 1, {"plan": "XX"}, "plan", "no plan with code XX"),
    ("targets", 0, {"target": 81}, "target", "differs from criteria.target 80"),
    ("projects", 0, {"allocated": -5}, "allocated", "cannot be negative"),
    ("projects", 0, {"plan_item": "PHRAE-2566-2570:7"}, "plan_item", "no plan item PHRAE-2566-2570:7"),
    ("project_progress", 0, {"period": "2566-Q1"}, "period", "not in the project's fiscal year 2565"),
    ("project_progress", 2, {"period": "2565-M05"}, "period", "2565-M05 overlaps 2565-Q2"),
    ("project_progress", 2, {"period": "2565-H1"}, "period", "not a quarter or a month"),
    ("project_progress", 1, {"disbursed": 950000}, "disbursed", "would exceed its allocation (1000000)"),
    ("project_progress", 1, {"progress": 5}, "progress", "lower than the 10 already reported for 2565-Q1"),
    ("project_progress", 0, {"progress": 101}, "progress", "between 0 and 100"),
    ("project_progress", 0, {"disbursed": -1}, "disbursed", "cannot be negative"),
    ("project_progress", 0, {"project": "P9"}, "project", "no project with code P9"),
    ("disbursement_targets", 1, {"share": 0.1}, "share", "lower than 0.2, the share by 2565-Q1"),
    ("disbursement_targets", 0, {"share": 1.5}, "share", "between 0 and 1"),
    ("disbursement_targets", 0, {"period": "2565-M03"}, "period", "is not a quarter"),
]


@pytest.mark.parametrize(("table", "index", "change", "column", "message"), CASES)
def test_each_rule_is_said_at_its_cell_and_nothing_is_written(tmp_path, db, table, index, change, column,
                                                                message):
    rows = [dict(row) for row in STRATEGY[table]]
    if table == "project_progress" and change.get("period") == "2565-M05":
        rows[2]["project"] = "P2565-001"  # May lies within Q2, reported for the same project
    rows[index].update(change)
    before = counts()
    status, _out, err = run("load", str(write_json(tmp_path / "bad.json", workbook(**{table: rows}))), "--lang", "en")
    assert status == 2
    assert f"table {table}, row {index + 1}, column {column}: " in err, err
    assert message in err, err
    assert counts() == before and strategy_counts() == dict.fromkeys(strategy_counts(), 0)


def test_a_sheet_names_the_spreadsheet_cell(tmp_path, db):
    rows = [dict(row) for row in STRATEGY["projects"]]
    rows[1]["allocated"] = -1
    status, _out, err = run("load", str(write_xlsx(tmp_path / "bad.xlsx", workbook(projects=rows))), "--lang", "en")
    assert status == 2
    assert "sheet projects, row 3, column allocated" in err, err


def test_a_progress_row_in_the_file_is_checked_beside_those_in_the_database(strategy, tmp_path):
    more = [{"project": "P2565-001", "period": "2565-M04", "disbursed": 1}]  # January: inside the stored Q2
    status, _out, err = run("load", str(write_json(tmp_path / "more.json", {"project_progress": more})), "--lang",
                            "en")
    assert status == 2 and "table project_progress, row 1, column period" in err and "overlaps 2565-Q2" in err


def test_a_smaller_allocation_below_what_was_paid_is_refused(strategy, tmp_path):
    rows = [dict(row) for row in STRATEGY["projects"]]
    rows[0]["allocated"] = 300000
    status, _out, err = run("load", str(write_json(tmp_path / "less.json", {"projects": rows})), "--lang", "en")
    assert status == 2 and "table projects, row 1, column allocated" in err, err


def empty_everything() -> None:
    for model in (ProjectProgress, Project, DisbursementTarget, Target):
        model.objects.all().delete()
    PlanItem.objects.update(parent=None)
    PlanItem.objects.all().delete()
    Plan.objects.update(parent=None)
    Plan.objects.all().delete()
    empty_database()


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx", ".ods"])
def test_export_load_into_an_empty_database_export_gives_identical_bytes(strategy, tmp_path, suffix):
    first, second = tmp_path / f"first{suffix}", tmp_path / f"second{suffix}"
    export_workbook(first)
    empty_everything()
    report = load_workbook(first)
    assert report.tables["project_progress"].created == 3 and report.tables["plan_items"].created == 3
    export_workbook(second)
    assert first.read_bytes() == second.read_bytes()


def test_a_dry_run_writes_nothing(tmp_path, db):
    report = load_workbook(write_json(tmp_path / "dry.json", workbook()), dry_run=True)
    assert report.tables["projects"].created == 2
    assert strategy_counts() == dict.fromkeys(strategy_counts(), 0)


def test_a_plan_with_a_problem_gives_one_message_not_one_per_item(tmp_path, db):
    plans = [dict(row) for row in STRATEGY["plans"]]
    plans[1]["end_year"] = 2560
    status, _out, err = run("load", str(write_json(tmp_path / "one.json", workbook(plans=plans))), "--lang", "en")
    assert status == 2 and err.count("table ") == 1, err

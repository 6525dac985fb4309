"""The strategy cycle as open data: plans, plan items, targets, projects, their progress and the budget totals,
read from the demo (planning.md); the budget rows are those of `govkpi budget`."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from govkpi.opendata.datasets import DATASETS
from govkpi.strategy.services import budget

pytestmark = pytest.mark.django_db


def _csv(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_plans_and_items_carry_the_national_chain(demo, client):
    plans = {r["code"]: r for r in _csv(client, "/open-data/plans.csv")}
    assert plans["NESDP13"]["parent"] == "NS"
    assert plans["PHRAE-2566-2570"]["parent"] == "NESDP13"
    items = _csv(client, "/open-data/plan_items.csv?plan=PHRAE-2566-2570")
    assert items and {r["plan"] for r in items} == {"PHRAE-2566-2570"}
    assert any("NESDP13:" in r["aligns"] for r in items)
    assert any(r["goals"] for r in items)


def test_projects_and_progress_are_the_demo_year(demo, client):
    projects = _csv(client, "/open-data/projects.csv?fiscal_year=2565")
    assert len(projects) == 30
    assert all(float(r["allocated"]) >= 0 for r in projects)
    progress = json.loads(client.get("/open-data/project_progress.json?fiscal_year=2565").content)["rows"]
    codes = {p["code"] for p in projects}
    assert progress and {r["project"] for r in progress} <= codes
    by_project = {}
    for row in progress:
        by_project[row["project"]] = by_project.get(row["project"], 0) + row["disbursed"]
    allocated = {p["code"]: float(p["allocated"]) for p in projects}
    assert all(total <= allocated[code] for code, total in by_project.items())


def test_the_budget_rows_are_the_budget_command(demo, client):
    rows = json.loads(client.get("/open-data/budget.json?fiscal_year=2565").content)["rows"]
    report = budget(2565)
    total = next(r for r in rows if r["level"] == "total")
    assert total["as_of"] == "2565-Q3" == report["as_of"]
    assert total["projects"] == 29 and total["allocated"] == 222_050_000 and total["disbursed"] == 135_911_000
    assert [r["code"] for r in rows if r["level"] == "goal"] == [g["goal"] for g in report["goals"]]
    assert [r["code"] for r in rows if r["level"] == "org"] == [o["org"] for o in report["orgs"]]


def test_targets_are_published_with_the_plan_that_set_them(demo, client):
    rows = _csv(client, "/open-data/targets.csv?fiscal_year=2566")
    assert rows and {r["plan"] for r in rows} == {"PHRAE-2566-2570"}


@pytest.mark.parametrize("name", ["plans", "plan_items", "targets", "projects", "project_progress", "budget"])
def test_each_table_has_a_page_and_a_workbook_for_people_and_programs(demo, client, name):
    page = client.get(f"/open-data/{name}/")
    assert page.status_code == 200
    assert str(DATASETS[name].title) in page.content.decode()
    book = load_workbook(io.BytesIO(client.get(f"/open-data/{name}.xlsx?lang=th").content))
    people, programs = book.worksheets[0], book[name]
    assert [c.value for c in next(programs.iter_rows(max_row=1))] == DATASETS[name].field_names
    assert people.max_row == programs.max_row  # the same rows, one header each


def test_an_empty_year_gives_no_budget_rows(demo, client):
    assert json.loads(client.get("/open-data/budget.json?fiscal_year=2500").content)["rows"] == []


def test_progress_not_yet_approved_is_not_published(demo, client):
    """A reporter's draft, a submitted or a returned report counts nowhere until approved (planning.md): not in
    `govkpi budget`, so not in open data either."""
    from govkpi.strategy.choices import ProgressState
    from govkpi.strategy.models import ProjectProgress

    def published():
        rows = json.loads(client.get("/open-data/project_progress.json?fiscal_year=2565").content)["rows"]
        return {(r["project"], r["period"]) for r in rows}

    before = published()
    row = ProjectProgress.objects.filter(project__fiscal_year=2565).order_by("id").first()
    for state in (ProgressState.DRAFT, ProgressState.SUBMITTED, ProgressState.RETURNED):
        ProjectProgress.objects.filter(pk=row.pk).update(state=state)
        assert published() == before - {(row.project.code, row.period)}

"""`strategy.services.budget` lets the database add up each project's counted rows (for a national year, in one
query); its object is the one the core gives from every approved row read one by one — the rule's definition — for
every quarter, with cancelled projects, months and quarters mixed, projects without rows or goal, a stored period no
rule accepts, drafts, another year's projects and a blank status. The synthetic year: test_budget_lines.py."""

from __future__ import annotations

import pytest
from django.db import transaction

from govkpi.core.budget import ProgressRow, budget_report
from govkpi.core.budget import Project as BudgetProject
from govkpi.core.periods import PeriodError, parse_period
from govkpi.demo.actions import load_demo
from govkpi.orgs.models import OrgUnit
from govkpi.strategy.choices import ProgressState
from govkpi.strategy.models import DisbursementTarget, Project, ProjectProgress
from govkpi.strategy.services import approved_progress, budget

pytestmark = pytest.mark.django_db


def row_by_row(year: int, as_of: str | None = None) -> dict:
    """Every row read and handed to the core (what `budget` computed before it aggregated in SQL)."""
    progress: dict[int, list[ProgressRow]] = {}
    for project_id, period, disbursed, percent, status, committed in approved_progress().filter(
            project__fiscal_year=year).values_list("project_id", "period", "disbursed", "progress", "status",
                                                   "committed"):
        try:
            parsed = parse_period(period)
        except PeriodError:
            continue
        progress.setdefault(project_id, []).append(ProgressRow(parsed, disbursed, percent, status or None, committed))
    projects = [BudgetProject(code, org, allocated, goal, kind or None, tuple(progress.get(pk, ())))
                for pk, code, org, allocated, goal, kind in Project.objects.filter(fiscal_year=year).values_list(
                    "pk", "code", "org__code", "allocated", "goal__code", "kind")]
    shares = {(p, k): s for p, k, s in DisbursementTarget.objects.filter(fiscal_year=year).values_list(
        "period", "kind", "share")}
    return budget_report(year, projects, shares, parse_period(as_of) if as_of else None)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("as_of", [None, "2565-Q1", "2565-Q2", "2565-Q3", "2565-Q4"])
def test_the_demo_year_is_the_same_as_row_by_row(demo, as_of):
    assert budget(2565, as_of) == row_by_row(2565, as_of)


def test_the_same_with_mixed_periods_an_empty_project_and_a_bad_stored_period(demo):
    project = Project.objects.filter(fiscal_year=2565, progress__period__startswith="2565-M").first()
    if project is None:  # the demo's monthly project: add months to one of them
        project = Project.objects.filter(fiscal_year=2565).first()
    ProjectProgress.objects.create(project=project, period="2565-M12", disbursed=0, progress=100, status="completed")
    ProjectProgress.objects.create(project=project, period="garbage", disbursed=5, status="cancelled")
    Project.objects.create(code="P-EMPTY", fiscal_year=2565, title_th="ว่าง", allocated=1000,
                           org=OrgUnit.objects.get(code="54"))
    for as_of in (None, "2565-Q3", "2565-Q4"):
        assert budget(2565, as_of) == row_by_row(2565, as_of)
    assert budget(2565)["as_of"] == "2565-Q4"


def test_nothing_reported_gives_no_as_of_and_nothing_counted(demo):
    ProjectProgress.objects.filter(project__fiscal_year=2565).delete()
    report = budget(2565)
    assert report == row_by_row(2565) and report["as_of"] is None and report["totals"]["disbursed"] == 0


def test_one_query_for_the_periods_one_for_the_projects_and_one_for_the_targets(demo, django_assert_num_queries):
    with django_assert_num_queries(3):
        budget(2565)
    with django_assert_num_queries(3):
        budget(2565, "2565-Q2")


def test_drafts_count_nowhere_and_do_not_move_as_of(demo):
    project = Project.objects.filter(fiscal_year=2565, progress__period="2565-Q2").first()
    before = budget(2565, "2565-Q2")
    ProjectProgress.objects.filter(project=project, period__gt="2565-Q2").delete()
    ProjectProgress.objects.filter(project=project, period="2565-Q2").update(state=ProgressState.SUBMITTED)
    ProjectProgress.objects.create(project=project, period="2565-Q3", disbursed=7, status="delayed",
                                   state=ProgressState.DRAFT)
    ProjectProgress.objects.filter(project__fiscal_year=2565).exclude(project=project).filter(
        period__in=["2565-Q3", "2565-Q4", "2565-M07", "2565-M08", "2565-M09", "2565-M10", "2565-M11",
                    "2565-M12"]).delete()
    report = budget(2565)
    assert report == row_by_row(2565) and report["as_of"] == "2565-Q2"  # the Q3 draft does not make it Q3
    line = next(line for line in report["projects"] if line["code"] == project.code)
    assert line["disbursed"] < next(x for x in before["projects"] if x["code"] == project.code)["disbursed"]


def test_another_years_projects_and_periods_and_a_blank_status(demo):
    org = OrgUnit.objects.get(code="54")
    later = Project.objects.create(code="P2566-X", fiscal_year=2566, title_th="ปีหน้า", allocated=500, org=org)
    ProjectProgress.objects.create(project=later, period="2565-Q1", disbursed=400, status="cancelled")
    early = Project.objects.create(code="P2565-OLD", fiscal_year=2565, title_th="ยกมา", allocated=900, org=org,
                                   kind="investment")
    ProjectProgress.objects.create(project=early, period="2564-Q4", disbursed=90, progress=10, status="on_track")
    ProjectProgress.objects.create(project=early, period="2565-Q1", disbursed=10, progress=20, status="")
    for as_of in (None, "2565-Q1", "2565-Q3"):
        report = budget(2565, as_of)
        assert report == row_by_row(2565, as_of)
        assert "P2566-X" not in {line["code"] for line in report["projects"]}
    line = next(line for line in budget(2565, "2565-Q1")["projects"] if line["code"] == "P2565-OLD")
    assert (line["disbursed"], line["progress"], line["status"]) == (100, 20, None)  # 2564-Q4 ends before Q1 ends

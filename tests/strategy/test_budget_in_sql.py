"""`strategy.services.budget` lets the database add up each project's counted rows (for a national year); its
object is the one the core gives from every row read one by one — the rule's definition — for every quarter, with
cancelled projects, months and quarters mixed, projects without rows and a stored period no rule accepts."""

from __future__ import annotations

import pytest
from django.db import transaction

from govkpi.core.budget import ProgressRow, budget_report
from govkpi.core.budget import Project as BudgetProject
from govkpi.core.periods import PeriodError, parse_period
from govkpi.demo.actions import load_demo
from govkpi.orgs.models import OrgUnit
from govkpi.strategy.models import DisbursementTarget, Project, ProjectProgress
from govkpi.strategy.services import budget
from govkpi.synth.actions import load_synthetic

pytestmark = pytest.mark.django_db


def row_by_row(year: int, as_of: str | None = None) -> dict:
    """Every row read and handed to the core (what `budget` computed before it aggregated in SQL)."""
    progress: dict[int, list[ProgressRow]] = {}
    for project_id, period, disbursed, percent, status, committed in ProjectProgress.objects.filter(
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


@pytest.mark.django_db(transaction=True)
def test_the_synthetic_year_with_cancelled_projects_is_the_same():
    load_synthetic("small", seed=4, fraction=0.5)
    assert Project.objects.count() > 100
    last = ProjectProgress.objects.filter(period="2565-M07").order_by("project__code").first()
    ProjectProgress.objects.filter(project=last.project, period__gt="2565-M07").delete()
    ProjectProgress.objects.filter(pk=last.pk).update(status="cancelled")  # cancelled in July
    report = budget(2565)
    assert any(p["status"] == "cancelled" for p in report["projects"])
    assert report == row_by_row(2565)
    assert report == row_by_row(2565, "2565-Q4")
    assert budget(2565, "2565-Q2") == row_by_row(2565, "2565-Q2")

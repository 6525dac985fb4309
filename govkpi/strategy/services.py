"""The strategy cycle read from the database for the commands and pages: the `govkpi budget` object and the
`govkpi plan progress` object (planning.md). The figures are computed by :mod:`govkpi.core.budget` and
:mod:`govkpi.core.plan_progress`; an indicator's yearly value for an organisation by the scorecard's own rollup
(scoring.md §1, :class:`govkpi.scorecards.rollup.Values`).

Errors are :class:`StrategyError` with a message in the active language (:meth:`StrategyError.user_message`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from govkpi.core.budget import ProgressRow, budget_report
from govkpi.core.budget import Project as BudgetProject
from govkpi.core.errors import CoreError
from govkpi.core.periods import Period, PeriodError, PeriodKind, parse_period
from govkpi.core.plan_progress import TargetRow, indicator_progress, pick_targets
from govkpi.core.scoring import Policy
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result
from govkpi.scorecards.loading import YearData, _nodes, _own
from govkpi.scorecards.rollup import Values
from govkpi.scorecards.services import check_fiscal_year, find_org, root_org

from .models import DisbursementTarget, Plan, Project, ProjectProgress, Target


class StrategyError(CoreError):
    """Bad input to a strategy command or page: ``unknown_plan`` (``code``), ``bad_as_of`` (``value``, ``year``)."""

    def user_message(self) -> str:
        if self.code == "unknown_plan":
            return _("There is no plan with code %(code)s.") % self.params
        return _("%(value)s is not a quarter of fiscal year %(year)s (use %(year)s-Q1 … Q4).") % self.params


def check_as_of(value: str, fiscal_year: int) -> Period:
    """A quarter of ``fiscal_year`` from user input (``2565-Q3``, Thai digits allowed)."""
    try:
        period = parse_period(value)
    except PeriodError as error:
        raise StrategyError("bad_as_of", str(error), {"value": value, "year": fiscal_year}) from error
    if period.kind is not PeriodKind.QUARTER or period.fiscal_year != fiscal_year:
        raise StrategyError("bad_as_of", f"{value} is not a quarter of {fiscal_year}",
                            {"value": value, "year": fiscal_year})
    return period


def budget(fiscal_year: int | str, as_of: str | None = None) -> dict[str, Any]:
    """The `govkpi budget` object of a fiscal year (three queries)."""
    year = check_fiscal_year(fiscal_year)
    quarter = check_as_of(as_of, year) if as_of else None
    progress: dict[int, list[ProgressRow]] = defaultdict(list)
    rows = ProjectProgress.objects.filter(project__fiscal_year=year).values_list(
        "project_id", "period", "disbursed", "progress", "status", "committed")
    for project_id, period, disbursed, percent, status, committed in rows:
        try:
            parsed = parse_period(period)
        except PeriodError:
            continue  # a row no rule accepts (written some other way): left out, never a 500
        progress[project_id].append(ProgressRow(parsed, disbursed, percent, status or None, committed))
    projects = [
        BudgetProject(code, org, allocated, goal, kind or None, tuple(progress.get(pk, ())))
        for pk, code, org, allocated, goal, kind in Project.objects.filter(fiscal_year=year).values_list(
            "pk", "code", "org__code", "allocated", "goal__code", "kind")
    ]
    shares = {(period, kind): share for period, kind, share in
              DisbursementTarget.objects.filter(fiscal_year=year).values_list("period", "kind", "share")}
    return budget_report(year, projects, shares, quarter)


def find_plan(code: str) -> Plan:
    plan = Plan.objects.filter(code=code.strip()).first()
    if plan is None:
        raise StrategyError("unknown_plan", f"no plan has code {code!r}", {"code": code})
    return plan


def indicator_values(org: OrgUnit, years: Iterable[int], indicators: dict[int, Indicator]) -> dict[tuple[int, int],
                                                                                                   float | None]:
    """(indicator id, fiscal year) → the indicator's value for ``org`` by scoring.md §1 (approved results, own or
    rolled up from its subtree), computed by the scorecard's rollup."""
    years = sorted(set(years))
    found: dict[tuple[int, int], float | None] = {}
    if not years or not indicators:
        return found
    nodes = _nodes(OrgUnit.objects.filter(path__startswith=org.path).order_by())
    results = Result.objects.filter(status=ResultStatus.APPROVED, indicator_id__in=list(indicators),
                                    org__path__startswith=org.path).order_by()
    for year in years:
        data = YearData(year, Policy(), indicators, {}, {}, {}, nodes)
        data.own, data.problems = _own(results.filter(fiscal_year=year))
        values = Values(data)
        for indicator_id in indicators:
            found[(indicator_id, year)] = values.get(org.pk, indicator_id).value
    return found


def plan_progress(code: str, org_code: str | None = None) -> dict[str, Any]:
    """The `govkpi plan progress` object: the plan, the organisation and one line per indicator with targets."""
    plan = find_plan(code)
    org = find_org(org_code) if org_code else root_org()
    rows = [TargetRow(indicator, year, target, org_of_row)
            for indicator, year, target, org_of_row in Target.objects.filter(
                fiscal_year__gte=plan.start_year, fiscal_year__lte=plan.end_year).values_list(
                "indicator__code", "fiscal_year", "target", "org__code")]
    targets = pick_targets(rows, org.code, plan.start_year, plan.end_year)
    indicators = {indicator.pk: indicator for indicator in Indicator.objects.filter(code__in=list(targets))}
    by_code = {indicator.code: indicator for indicator in indicators.values()}
    years = range(plan.start_year, plan.end_year + 1)  # every year of the plan: the status sees them all
    values = indicator_values(org, years, indicators)
    lines = []
    for indicator_code in sorted(targets):
        indicator = by_code[indicator_code]
        actuals = {year: values.get((indicator.pk, year)) for year in years}
        lines.append(indicator_progress(indicator_code, indicator.direction, targets[indicator_code], actuals,
                                        plan.end_year))
    return {"plan": plan.code, "org": org.code, "start_year": plan.start_year, "end_year": plan.end_year,
            "indicators": lines}

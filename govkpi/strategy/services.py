"""The strategy cycle read from the database for the commands and pages: the `govkpi budget` object and the
`govkpi plan progress` object (planning.md). The figures are computed by :mod:`govkpi.core.budget` and
:mod:`govkpi.core.plan_progress`; an indicator's yearly value for an organisation by the scorecard's own rollup
(scoring.md §1, :class:`govkpi.scorecards.rollup.Values`).

Errors are :class:`StrategyError` with a message in the active language (:meth:`StrategyError.user_message`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from govkpi.core.budget import Line, ProgressRow, default_as_of, lines_report
from govkpi.core.budget import Project as BudgetProject
from govkpi.core.errors import CoreError
from govkpi.core.periods import Period, PeriodError, PeriodKind, parse_period
from govkpi.core.plan_progress import TargetRow, indicator_progress, pick_targets
from govkpi.core.scoring import Policy
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Goal, Indicator
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result
from govkpi.scorecards.loading import YearData, org_nodes, own_values
from govkpi.scorecards.rollup import Values
from govkpi.scorecards.services import check_fiscal_year, find_org, root_org

from .choices import ProgressState
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


def approved_progress() -> QuerySet[ProjectProgress]:
    """The progress rows that count — in `govkpi budget`, the budget, project and plan pages and the API: approved
    ones (every row loaded from the workbook or written in the admin is). Drafts, submitted and returned reports of
    the entry page count nowhere until an approver approves them (docs/planning.md)."""
    return ProjectProgress.objects.filter(state=ProgressState.APPROVED)


def budget(fiscal_year: int | str, as_of: str | None = None) -> dict[str, Any]:
    """The `govkpi budget` object of a fiscal year (three queries, whatever the number of projects).

    The figures are :func:`govkpi.core.budget.lines_report`'s, from each project's counted rows added up — what
    :func:`govkpi.core.budget.budget_report` computes from the rows one by one. So that a national year (80,000
    projects, a million monthly rows) is not read row by row, the database adds up what the core would: the periods
    reported are read first (a few distinct codes) and give ``as_of`` by :func:`~govkpi.core.budget.default_as_of`;
    then one query gives every project with one row standing for its counted rows — their total paid, and the
    progress and status of the latest (:func:`_counted_lines`). A row no rule accepts, with a period that does not
    parse, is left out, as before: never a 500. Only approved progress counts (:func:`approved_progress`)."""
    year = check_fiscal_year(fiscal_year)
    quarter = check_as_of(as_of, year) if as_of else None
    periods: dict[str, Period] = {}
    for code in approved_progress().filter(project__fiscal_year=year).order_by().values_list(
            "period", flat=True).distinct():
        try:
            periods[code] = parse_period(code)
        except PeriodError:
            continue
    if quarter is None:
        quarter = default_as_of(year, [BudgetProject("", "", 0, progress=tuple(
            ProgressRow(period, 0) for period in periods.values()))])
    counted = {code: period for code, period in periods.items() if quarter is not None and period.end <= quarter.end}
    shares = {(period, kind): share for period, kind, share in
              DisbursementTarget.objects.filter(fiscal_year=year).values_list("period", "kind", "share")}
    return lines_report(year, _counted_lines(year, counted), shares, quarter)


def _counted_lines(year: int, counted: dict[str, Period]) -> list[Line]:
    """Every project of ``year`` as a :data:`govkpi.core.budget.Line`, in one query: its fields joined with one row
    standing for its approved rows whose period is in ``counted`` — their sum paid, and the progress and status of
    the latest by period end. One window over each project's whole partition gives all three (its aggregates are
    computed once per project); in ascending order, so that when the codes sort as their ends the rows come in the
    order of the (project, period) unique index and nothing is sorted."""
    quote = connection.ops.quote_name
    project, progress = quote(Project._meta.db_table), quote(ProjectProgress._meta.db_table)
    org, goal = quote(OrgUnit._meta.db_table), quote(Goal._meta.db_table)
    params: list[Any] = []
    figures, latest = "NULL, NULL, NULL", ""  # nothing counted: no row to read
    if counted:
        by_end = sorted(counted, key=lambda code: counted[code].end)
        ends = [counted[code].end for code in by_end]
        order, ranks = "pp.period", []  # the codes sort as their ends (months only, or quarters only): no CASE per row
        if by_end != sorted(counted) or len(set(ends)) < len(ends):
            order = "CASE pp.period " + " ".join("WHEN %s THEN %s" for _ in counted) + " END"
            ranks = [value for code, period in counted.items() for value in (code, period.end.toordinal())]
        figures = "l.paid, l.progress, l.status"
        latest = f"""LEFT JOIN (
            SELECT project_id, paid, progress, status FROM (
                SELECT pp.project_id, SUM(pp.disbursed) OVER whole AS paid,
                       LAST_VALUE(pp.progress) OVER whole AS progress, LAST_VALUE(pp.status) OVER whole AS status,
                       ROW_NUMBER() OVER whole AS position
                FROM {progress} pp JOIN {project} q ON q.id = pp.project_id
                WHERE q.fiscal_year = %s AND pp.state = %s AND pp.period IN ({", ".join("%s" for _ in counted)})
                WINDOW whole AS (PARTITION BY pp.project_id ORDER BY {order}
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
            ) ranked WHERE position = 1
        ) l ON l.project_id = p.id"""
        params += [year, ProgressState.APPROVED, *counted, *ranks]
    sql = f"""
        SELECT p.code, o.code, p.allocated, g.code, p.kind, {figures}
        FROM {project} p JOIN {org} o ON o.id = p.org_id LEFT JOIN {goal} g ON g.id = p.goal_id {latest}
        WHERE p.fiscal_year = %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, year])
        rows = cursor.fetchall()
    return [(code, org_code, allocated, goal_code, kind or None, 0.0 if paid is None else paid, percent,
             status or None) for code, org_code, allocated, goal_code, kind, paid, percent, status in rows]


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
    nodes = org_nodes(OrgUnit.objects.filter(path__startswith=org.path).order_by())
    results = Result.objects.filter(status=ResultStatus.APPROVED, indicator_id__in=list(indicators),
                                    org__path__startswith=org.path).order_by()
    for year in years:
        data = YearData(year, Policy(), indicators, {}, {}, {}, nodes)
        data.own, data.problems = own_values(results.filter(fiscal_year=year))
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

"""The rules of each table that span cells or rows (workbook.md, scoring.md §1–§3), one function per table.

Each function takes the table's converted rows, the plan built so far (earlier tables and the database) and the
problem collector. Rows that already failed a cell check are skipped, so one mistake gives one message.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from govkpi.core.periods import PeriodError, fiscal_year_of, parse_period
from govkpi.core.results import Entered, IndicatorRules, check_assigned, check_entered, month_mask
from govkpi.core.scoring import Direction, Policy, ScoringError, check_thresholds
from govkpi.core.thai import ce_to_be, to_arabic_digits
from govkpi.strategy.workbook import RULES as STRATEGY_RULES

from .assessment_checks import assessments
from .messages import Problems
from .schema import TABLES
from .store import IndicatorInfo, existing, stored_columns
from .values import same, show

if TYPE_CHECKING:
    from collections.abc import Callable

    from .validate import Plan, Row


def org_units(rows: list[Row], plan: Plan, problems: Problems) -> None:
    """No cycle in the tree that the file and the database make together."""
    parent = dict(plan.lookups.org_parent)
    in_file: dict[str, Row] = {}
    for row in rows:
        code = row.values["code"]
        if code:
            parent[code] = row.values["parent"] or None
            in_file.setdefault(code, row)
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    for start in in_file:
        walk: list[str] = []
        node: str | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = parent.get(node)
        if node is not None and state.get(node) == 1:
            cycle = walk[walk.index(node) :]
            at = next(in_file[code] for code in cycle if code in in_file)
            path = " → ".join([*cycle, node])
            problems.add("cycle", "org_units", at.number, "parent", path=path)
            at.ok = False
        for code in walk:
            state[code] = 2


def _sdg(table: str, rows: list[Row], plan: Plan, problems: Problems) -> None:
    known = plan.lookups.sdg
    for row in rows:
        for code in row.values["sdg"] or ():
            if code not in known:
                problems.add("unknown_sdg", table, row.number, "sdg", value=code)
                row.ok = False


def goals(rows: list[Row], plan: Plan, problems: Problems) -> None:
    _sdg("goals", rows, plan, problems)


def indicators(rows: list[Row], plan: Plan, problems: Problems) -> None:
    _sdg("indicators", rows, plan, problems)
    info = plan.lookups.indicators
    for row in rows:
        values = row.values
        if row.ok:
            info[values["code"]] = IndicatorInfo(values["direction"], values["aggregation"], values["multiplier"],
                                                 values.get("min"), values.get("max"),
                                                 frozenset(values.get("responsible") or ()))
        elif values.get("code"):
            info.pop(values["code"], None)  # unknown from here on: dependent checks are skipped


def scoring_policy(rows: list[Row], plan: Plan, problems: Problems) -> None:
    for row in rows:
        if not row.ok:
            continue
        values = row.values
        try:
            Policy(values["interpolation"], values["floor"], values["missing"], values["achieved_from"],
                   values["at_risk_from"], values.get("min_coverage") or 0.0).validate()
        except ScoringError as error:
            if error.params.get("field") == "min_coverage":
                problems.add("policy_min_coverage", "scoring_policy", row.number, "min_coverage",
                             value=show(values["min_coverage"]))
            else:
                problems.add("policy_order", "scoring_policy", row.number, "at_risk_from",
                             at_risk=show(values["at_risk_from"]), achieved=show(values["achieved_from"]))
            row.ok = False


def criteria(rows: list[Row], plan: Plan, problems: Problems) -> None:
    info = plan.lookups.indicators
    for row in rows:
        values = row.values
        weight = values["weight"]
        if weight is not None and weight <= 0:
            problems.add("weight", "criteria", row.number, "weight", value=show(weight))
            row.ok = False
        indicator = info.get(values["indicator"])
        if not row.ok or indicator is None:
            continue
        thresholds = [values[f"level{k}"] for k in range(1, 6)]
        try:
            check_thresholds(thresholds, Direction(indicator.direction))
        except ScoringError as error:
            level = int(str(error.params.get("level", 1)))
            up = indicator.direction == Direction.HIGHER
            problems.add("thresholds_up" if up else "thresholds_down", "criteria", row.number, f"level{level + 1}",
                         level=level, next=level + 1, first=show(thresholds[level - 1]), second=show(thresholds[level]))
            row.ok = False


# --- results: the hot path (100,000 rows and more) ----------------------------------------------------------------

_masks: dict[str, tuple[int, int]] = {}


def _months(code: str) -> tuple[int, int]:
    """(fiscal year, bit mask of the months a period covers; 0 for a whole year, which may stand beside)."""
    found = _masks.get(code)
    if found is None:
        period = parse_period(code)
        found = _masks[code] = (period.fiscal_year, month_mask(period))
    return found


def period_year(code: str) -> int:
    """The fiscal year of a (valid, normalised) period code."""
    return _months(code)[0]


def results(rows: list[Row], plan: Plan, problems: Problems) -> None:
    """Each row against the rules of :mod:`govkpi.core.results` (the ones the entry page and the API apply), then
    no two overlapping sub-periods for one indicator and organisation, in the file or beside rows in the
    database."""
    info = plan.lookups.indicators
    groups: dict[tuple[str, str], dict[str, Row]] = {}
    add = problems.add
    rules: dict[str, IndicatorRules] = {}
    for row in rows:
        if not row.ok:
            continue
        values = row.values
        code = values["indicator"]
        indicator = info.get(code)
        if indicator is None:
            continue  # unknown or wrong in this file: reported already
        rule = rules.get(code)
        if rule is None:
            rule = rules[code] = IndicatorRules(indicator.aggregation, indicator.multiplier, indicator.min_value,
                                                indicator.max_value)
        _, found = check_entered(Entered(values["value"], values["numerator"], values["denominator"],
                                         values["note"] or "", values["evidence_url"] or ""), rule)
        assigned = check_assigned(values["org"], code, indicator.responsible)
        if assigned is not None:
            found.append(assigned)
        if found:  # said; the row still takes part in the overlap check, so that every problem is said at once
            for problem in found:
                add(problem.code, "results", row.number, problem.field, **problem.params)
            row.ok = False
        group = groups.get((code, values["org"]))
        if group is None:
            groups[(code, values["org"])] = {values["period"]: row}
        else:
            group[values["period"]] = row
    _overlaps(groups, plan, problems)
    _locked(rows, plan, problems)


def _locked(rows: list[Row], plan: Plan, problems: Problems) -> None:
    """A new or changed row of a period closed for entry is refused (docs/locks.md); a row as the database holds
    it passes, so that an exported workbook loads again with no change. The lock is the database's policy."""
    from govkpi.orgs.models import OrgUnit
    from govkpi.results.locks import Locks, locks_for

    by_year: dict[int, Locks] = {}
    paths: dict[str, str] | None = None
    names: list[str] | None = None
    for row in rows:
        if not row.ok:
            continue
        values = row.values
        period = parse_period(values["period"])
        locks = by_year.get(period.fiscal_year)
        if locks is None:
            locks = by_year[period.fiscal_year] = locks_for(period.fiscal_year)
        last = locks.lock_date(period)
        if last is None or locks.today <= last:
            continue
        if paths is None:
            paths = dict(OrgUnit.objects.values_list("code", "path"))
        if not locks.locked(paths.get(values["org"], ""), values["indicator"], period):
            continue
        if names is None:
            names = [column.name for column in stored_columns(TABLES["results"])]
            if "results" not in plan.existing:  # not read for the overlap check: no indicator of the file is stored
                years = {parse_period(row.values["period"]).fiscal_year for row in rows if row.ok}
                plan.existing["results"] = existing("results", plan.lookups, fiscal_year__in=years)
        before = plan.existing["results"].rows.get((values["indicator"], values["org"], period.code))
        if before is not None and same(tuple(values[name] for name in names), before[1][:-1]):
            continue
        shown = f"{last.day}/{last.month}/{ce_to_be(last.year)}"  # d/m/BE: the same in either language
        problem = locks.problem(period, shown=shown)
        problems.add(problem.code, "results", row.number, problem.field, **problem.params)
        row.ok = False


FEW_ORGS = 500


def _overlaps(groups: dict[tuple[str, str], dict[str, Row]], plan: Plan, problems: Problems) -> None:
    in_db: dict[tuple[str, str], list[str]] = {}
    if groups:
        years = {_months(period)[0] for group in groups.values() for period in group}
        indicators = {indicator for indicator, _ in groups}
        ids = [plan.lookups.ids["indicators"][code] for code in indicators if code in plan.lookups.ids["indicators"]]
        if ids:
            narrower: dict[str, object] = {}
            orgs = {org for _, org in groups}
            if len(orgs) <= FEW_ORGS:  # a small file (one agency's) reads only its own rows, not the whole province's
                org_ids = plan.lookups.ids["org_units"]
                narrower["org_id__in"] = [org_ids[code] for code in orgs if org_ids.get(code) is not None]
            found = existing("results", plan.lookups, indicator_id__in=ids, fiscal_year__in=years, **narrower)
            plan.existing["results"] = found
            for (indicator, org, period) in found.rows:
                if (indicator, org) in groups:
                    in_db.setdefault((indicator, org), []).append(period)
    for key, group in groups.items():
        periods: list[tuple[str, Row | None]] = list(group.items())
        periods += [(period, None) for period in in_db.get(key, ()) if period not in group]
        if len(periods) < 2:
            continue
        covered: dict[int, list[tuple[int, str, Row | None]]] = {}
        for period, row in periods:
            try:
                year, mask = _months(period)
            except PeriodError:
                continue  # a row in the database that no rule accepts any more: `govkpi check-data` names it
            taken = covered.setdefault(year, [])
            clash = next(((other, other_row) for other_mask, other, other_row in taken if other_mask & mask), None)
            taken.append((mask, period, row))
            if clash is None:
                continue
            other, other_row = clash
            _report_overlap(period, row, other, other_row, problems)


def _report_overlap(period: str, row: Row | None, other: str, other_row: Row | None, problems: Problems) -> None:
    if row is None:  # the database row came second: report at the file row
        period, row, other, other_row = other, other_row, period, row
    if row is None:
        return  # both already in the database: not this file's doing
    if other_row is None:
        problems.add("overlap_db", "results", row.number, "period", period=period, other=other)
    else:
        first, second = sorted((row, other_row), key=lambda item: item.number)
        first_period, second_period = (period, other) if first is row else (other, period)
        problems.add("overlap_file", "results", second.number, "period", period=second_period,
                     other=first_period, other_row=first.number)
        second.ok = False
    row.ok = False


# --- events -------------------------------------------------------------------------------------------------------

_TIME_RE = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)(?:\s*(?:น\.|น))?")


def events(rows: list[Row], plan: Plan, problems: Problems) -> None:
    """An event's date lies in its fiscal year; its time is 24-hour (`10:00`, `10.00`, `๑๐.๐๐ น.`), kept as HH:MM."""
    for row in rows:
        if not row.ok:
            continue
        values = row.values
        if values["time"]:
            match = _TIME_RE.fullmatch(to_arabic_digits(values["time"]))
            if match is None:
                problems.add("bad_time", "events", row.number, "time", value=values["time"])
                row.ok = False
                continue
            values["time"] = f"{int(match.group(1)):02d}:{match.group(2)}"
        if fiscal_year_of(values["date"]) != values["fiscal_year"]:
            problems.add("date_outside_year", "events", row.number, "date", value=show(values["date"]),
                         year=values["fiscal_year"])
            row.ok = False


# --- every table's rule, by table name: what `validate` runs after the cell checks ---------------------------------

RULES: dict[str, Callable[[list[Row], Plan, Problems], None]] = {
    "org_units": org_units,
    "goals": goals,
    "indicators": indicators,
    "scoring_policy": scoring_policy,
    "criteria": criteria,
    "results": results,
    "assessments": assessments,
    "events": events,
    **STRATEGY_RULES,  # the strategy cycle (planning.md)
}

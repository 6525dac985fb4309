"""The rules of each table that span cells or rows (workbook.md, scoring.md §1–§3), one function per table.

Each function takes the table's converted rows, the plan built so far (earlier tables and the database) and the
problem collector. Rows that already failed a cell check are skipped, so one mistake gives one message.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from govkpi.assessments.workbook_checks import assessments  # noqa: F401 (checked against frameworks)
from govkpi.core.periods import fiscal_year_of, parse_period
from govkpi.core.scoring import Direction, Policy, ScoringError, check_thresholds, ratio_agrees
from govkpi.core.thai import to_arabic_digits

from .messages import Problems
from .store import IndicatorInfo, existing
from .values import show

if TYPE_CHECKING:
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
                                                 values.get("min"), values.get("max"))
        elif values.get("code"):
            info.pop(values["code"], None)  # unknown from here on: dependent checks are skipped


def scoring_policy(rows: list[Row], plan: Plan, problems: Problems) -> None:
    for row in rows:
        if not row.ok:
            continue
        values = row.values
        try:
            Policy(values["interpolation"], values["floor"], values["missing"], values["achieved_from"],
                   values["at_risk_from"]).validate()
        except ScoringError:
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
        mask = 0 if period.is_whole_year else ((1 << period.months) - 1) << (period.index - 1) * period.months
        found = _masks[code] = (period.fiscal_year, mask)
    return found


def period_year(code: str) -> int:
    """The fiscal year of a (valid, normalised) period code."""
    return _months(code)[0]


def results(rows: list[Row], plan: Plan, problems: Problems) -> None:
    """Ratio results carry numerator and denominator that agree with the value; no zero denominator; values within
    the indicator's allowed range (min/max); no two overlapping sub-periods for one indicator and organisation, in
    the file or beside rows in the database."""
    info = plan.lookups.indicators
    groups: dict[tuple[str, str], dict[str, Row]] = {}
    add = problems.add
    for row in rows:
        values = row.values
        denominator = values["denominator"]
        if denominator == 0:
            add("zero_denominator", "results", row.number, "denominator")
            row.ok = False
            continue
        if not row.ok:
            continue
        indicator = info.get(values["indicator"])
        if indicator is not None and indicator.aggregation == "ratio":
            value, numerator = values["value"], values["numerator"]
            if numerator is None or denominator is None:
                if value is not None or numerator is not None or denominator is not None:
                    add("ratio_parts", "results", row.number, "numerator" if numerator is None else "denominator")
                    row.ok = False
                    continue
            elif value is not None and not ratio_agrees(value, numerator, denominator, indicator.multiplier):
                expected = numerator / denominator * indicator.multiplier
                add("ratio_disagrees", "results", row.number, "value", value=show(value),
                    multiplier=show(indicator.multiplier), expected=f"{expected:.4g}")
                row.ok = False
                continue
        if indicator is not None and not _in_range(row, indicator, problems):
            row.ok = False
            continue
        group = groups.get((values["indicator"], values["org"]))
        if group is None:
            groups[(values["indicator"], values["org"])] = {values["period"]: row}
        else:
            group[values["period"]] = row
    _overlaps(groups, plan, problems)


def _in_range(row: Row, indicator: IndicatorInfo, problems: Problems) -> bool:
    values = row.values
    value = values["value"]
    if value is None and values["numerator"] is not None and values["denominator"]:
        value = values["numerator"] / values["denominator"] * indicator.multiplier
    if value is None:
        return True
    column = "value" if values["value"] is not None else "numerator"
    if indicator.min_value is not None and value < indicator.min_value:
        problems.add("below_min", "results", row.number, column, value=show(value), min=show(indicator.min_value))
        return False
    if indicator.max_value is not None and value > indicator.max_value:
        problems.add("above_max", "results", row.number, column, value=show(value), max=show(indicator.max_value))
        return False
    return True


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
            year, mask = _months(period)
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

"""Budget disbursement of a fiscal year's projects (planning.md, `govkpi budget`), and the rules of the reported
figures that every entry point checks.

* :func:`default_as_of` — the latest quarter that ends on or before the end of the latest period reported.
* :func:`budget_report` — per project, per goal, per organisation and overall: allocated, disbursed, rate, target
  rate (from the cumulative disbursement targets), behind. A progress row counts when its period ends on or before
  the end of ``as_of`` (months and quarters alike). A project whose status (that of its latest counted row) is
  ``cancelled`` is listed but left out of every total. Numbers are unrounded. It adds up each project's counted
  rows (:func:`summarise`, a :data:`Line`) and counts the lines (:func:`lines_report`); `govkpi budget` has the
  database add up the rows of a national year and hands the lines to :func:`lines_report` itself.
* :func:`check_progress` — the rules between one project's progress rows: periods of its fiscal year, quarters or
  months only, no overlap, physical progress 0–100 and never lower than an earlier period's, amounts ≥ 0 and a
  total disbursed not above the allocation.
* :func:`check_shares` — a year's cumulative disbursement targets of one kind: quarters, 0–1, non-decreasing.

Problems are ``(code, index, field, params)`` tuples: ``index`` is the position of the row in the list given.
Codes: ``progress_period_kind``, ``progress_outside_year``, ``progress_overlap``, ``progress_range``,
``progress_decreasing``, ``negative_money``, ``over_allocated``, ``share_period``, ``share_range``,
``share_decreasing``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter, mul
from typing import Any

from govkpi.core.periods import Period, PeriodKind

CANCELLED = "cancelled"
COUNTED_KINDS = (PeriodKind.QUARTER, PeriodKind.MONTH)

BudgetProblem = tuple[str, int, str, dict[str, object]]


@dataclass(frozen=True)
class ProgressRow:
    period: Period
    disbursed: float
    progress: float | None = None
    status: str | None = None
    committed: float | None = None


@dataclass(frozen=True)
class Project:
    code: str
    org: str
    allocated: float
    goal: str | None = None
    kind: str | None = None  # investment, operating or None (not stated)
    progress: Sequence[ProgressRow] = field(default_factory=tuple)


def default_as_of(fiscal_year: int, projects: Iterable[Project]) -> Period | None:
    """The latest quarter of ``fiscal_year`` that ends on or before the end of the latest period reported; None when
    nothing is reported or no quarter has ended by then."""
    ends = [row.period.end for project in projects for row in project.progress if row.period.fiscal_year == fiscal_year]
    if not ends:
        return None
    latest = max(ends)
    quarters = [quarter for quarter in _quarters(fiscal_year) if quarter.end <= latest]
    return quarters[-1] if quarters else None


def _quarters(fiscal_year: int) -> list[Period]:
    return [Period(fiscal_year, PeriodKind.QUARTER, index) for index in range(1, 5)]


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _behind(rate: float | None, target_rate: float | None) -> bool:
    return rate is not None and target_rate is not None and rate < target_rate


#: One project with its counted rows added up (:func:`summarise`): code, organisation, allocated, goal, kind,
#: disbursed (Σ of the counted rows), and the physical progress and status of the latest counted row (None, None
#: when no row counts). :func:`budget_report` and :func:`project_row` compute from these; a caller that adds up the
#: counted rows elsewhere (the database) hands them to :func:`lines_report`.
Line = tuple[str, str, float, str | None, str | None, float, float | None, str | None]


def summarise(project: Project, as_of: Period | None) -> Line:
    """``project``'s counted rows (those ending on or before the end of ``as_of``; none when it is None) added up."""
    counted = [row for row in project.progress if as_of is not None and row.period.end <= as_of.end]
    if len(counted) > 1:
        counted.sort(key=lambda row: row.period.end)
    disbursed = math.fsum(row.disbursed for row in counted) if len(counted) > 1 else (
        float(counted[0].disbursed) if counted else 0.0)
    latest = counted[-1] if counted else None
    return (project.code, project.org, project.allocated, project.goal, project.kind, disbursed,
            latest.progress if latest else None, latest.status if latest else None)


def _target(shares: Mapping[tuple[str, str], float], as_of: Period | None, kind: str | None) -> float | None:
    """The cumulative share for ``kind`` as of a quarter: the kind's own row, else the empty kind's, else None."""
    if as_of is None:
        return None
    code = as_of.code
    target = shares.get((code, kind or ""))
    return shares.get((code, "")) if target is None else target


def _project_line(line: Line, target_rate: float | None) -> dict[str, Any]:
    code, org, allocated, goal, _kind, disbursed, progress, status = line
    rate = _ratio(disbursed, allocated)
    return {"code": code, "goal": goal, "org": org, "allocated": allocated, "disbursed": disbursed, "rate": rate,
            "target_rate": target_rate, "behind": _behind(rate, target_rate), "progress": progress, "status": status}


def project_row(project: Project, as_of: Period | None, shares: Mapping[tuple[str, str], float]) -> dict[str, Any]:
    """One project's line of the report. ``shares``: (quarter code, kind or "") → cumulative share."""
    return _project_line(summarise(project, as_of), _target(shares, as_of, project.kind))


_CODE, _ALLOCATED, _DISBURSED = itemgetter(0), itemgetter(2), itemgetter(5)  # of a Line


def _sums(kept: list[Line], targeted: list[Line], target_rates: list[float]) -> dict[str, Any]:
    """Counts, sums, rate and the allocation-weighted target rate of the kept (not cancelled) lines of a group;
    ``targeted``: those with a target rate, ``target_rates`` theirs."""
    allocated = math.fsum(map(_ALLOCATED, kept))
    disbursed = math.fsum(map(_DISBURSED, kept))
    weight = math.fsum(map(_ALLOCATED, targeted))
    target_rate = (math.fsum(map(mul, map(_ALLOCATED, targeted), target_rates)) / weight
                   if targeted and weight else None)
    rate = _ratio(disbursed, allocated)
    return {"projects": len(kept), "allocated": allocated, "disbursed": disbursed, "rate": rate,
            "target_rate": target_rate, "behind": _behind(rate, target_rate)}


class _Group:
    """The lines of one group (overall, a goal, an organisation) that :func:`_sums` adds up."""

    __slots__ = ("kept", "targeted", "target_rates")

    def __init__(self) -> None:
        self.kept: list[Line] = []
        self.targeted: list[Line] = []
        self.target_rates: list[float] = []

    def totals(self) -> dict[str, Any]:
        return _sums(self.kept, self.targeted, self.target_rates)


def _groups(by_key: dict[str | None, _Group], key: str) -> list[dict[str, Any]]:
    ordered = sorted(by_key, key=lambda code: (code is None, code or ""))
    return [{key: code, **by_key[code].totals()} for code in ordered]


def lines_report(fiscal_year: int, lines: Iterable[Line], shares: Mapping[tuple[str, str], float],
                 as_of: Period | None) -> dict[str, Any]:
    """The `govkpi budget` object from each project's counted rows added up (:data:`Line`, as :func:`summarise`
    gives them for ``as_of``). Every sum is :func:`math.fsum` (correctly rounded: the order of the lines does not
    change it); a line's target rate depends only on its kind, so it is looked up once per kind."""
    targets: dict[str | None, float | None] = {}
    rows: list[dict[str, Any]] = []
    overall = _Group()
    goals: dict[str | None, _Group] = {}
    orgs: dict[str | None, _Group] = {}
    for line in sorted(lines, key=_CODE):
        kind = line[4]
        if kind in targets:
            target_rate = targets[kind]
        else:
            target_rate = targets[kind] = _target(shares, as_of, kind)
        rows.append(_project_line(line, target_rate))
        if line[7] == CANCELLED:
            continue
        goal = goals.get(line[3])
        if goal is None:
            goal = goals[line[3]] = _Group()
        org = orgs.get(line[1])
        if org is None:
            org = orgs[line[1]] = _Group()
        for group in (overall, goal, org):
            group.kept.append(line)
            if target_rate is not None:
                group.targeted.append(line)
                group.target_rates.append(target_rate)
    return {"fiscal_year": fiscal_year, "as_of": as_of.code if as_of else None, "totals": overall.totals(),
            "goals": _groups(goals, "goal"), "orgs": _groups(orgs, "org"), "projects": rows}


def budget_report(fiscal_year: int, projects: Sequence[Project], shares: Mapping[tuple[str, str], float],
                  as_of: Period | None = None) -> dict[str, Any]:
    """The `govkpi budget` object (planning.md). ``as_of`` None → :func:`default_as_of`."""
    if as_of is None:
        as_of = default_as_of(fiscal_year, projects)
    return lines_report(fiscal_year, [summarise(project, as_of) for project in projects], shares, as_of)


# --- the rules of reported figures --------------------------------------------------------------------------------


def check_progress(fiscal_year: int, allocated: float | None, rows: Sequence[ProgressRow]) -> list[BudgetProblem]:
    """The problems of one project's progress rows (in the order given), see the module docstring."""
    problems: list[BudgetProblem] = []
    usable: list[tuple[int, ProgressRow]] = []
    for index, row in enumerate(rows):
        period = row.period
        if period.kind not in COUNTED_KINDS:
            problems.append(("progress_period_kind", index, "period", {"value": period.code}))
        elif period.fiscal_year != fiscal_year:
            problems.append(("progress_outside_year", index, "period", {"value": period.code, "year": fiscal_year}))
        else:
            usable.append((index, row))
        for name, value in (("disbursed", row.disbursed), ("committed", row.committed)):
            if value is not None and value < 0:
                problems.append(("negative_money", index, name, {"value": value}))
        if row.progress is not None and not 0 <= row.progress <= 100:
            problems.append(("progress_range", index, "progress", {"value": row.progress}))
    usable.sort(key=lambda item: (item[1].period.start, item[0]))
    for (_, first), (index, second) in zip(usable, usable[1:], strict=False):
        if first.period.end >= second.period.start:
            problems.append(("progress_overlap", index, "period",
                             {"value": second.period.code, "other": first.period.code}))
    reported = [(index, row) for index, row in usable if row.progress is not None]
    reported.sort(key=lambda item: item[1].period.end)
    highest: tuple[float, str] | None = None
    for index, row in reported:
        assert row.progress is not None
        if highest is not None and row.progress < highest[0]:
            problems.append(("progress_decreasing", index, "progress",
                             {"value": row.progress, "other": highest[0], "period": highest[1]}))
        elif highest is None or row.progress >= highest[0]:
            highest = (row.progress, row.period.code)
    if allocated is not None:  # said at the row whose payment takes the total past the allocation
        paid = sorted(((row.period.end, index, row.disbursed) for index, row in enumerate(rows)
                       if row.disbursed is not None and row.disbursed >= 0))
        running = 0.0
        for _end, index, disbursed in paid:
            running += disbursed
            if running > allocated:
                problems.append(("over_allocated", index, "disbursed", {"total": running, "allocated": allocated}))
                break
    return problems


def check_shares(rows: Sequence[tuple[Period, float]]) -> list[BudgetProblem]:
    """The problems of one (fiscal year, kind)'s cumulative disbursement targets, in the order given."""
    problems: list[BudgetProblem] = []
    usable: list[tuple[int, Period, float]] = []
    for index, (period, share) in enumerate(rows):
        ok = True
        if period.kind is not PeriodKind.QUARTER:
            problems.append(("share_period", index, "period", {"value": period.code}))
            ok = False
        if not 0 <= share <= 1:
            problems.append(("share_range", index, "share", {"value": share}))
            ok = False
        if ok:
            usable.append((index, period, share))
    usable.sort(key=lambda item: item[1].start)
    for (_, first, low), (index, _second, high) in zip(usable, usable[1:], strict=False):
        if high < low:
            problems.append(("share_decreasing", index, "share",
                             {"value": high, "other": low, "period": first.code}))
    return problems

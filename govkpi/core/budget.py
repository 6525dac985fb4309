"""Budget disbursement of a fiscal year's projects (planning.md, `govkpi budget`), and the rules of the reported
figures that every entry point checks.

* :func:`default_as_of` — the latest quarter that ends on or before the end of the latest period reported.
* :func:`budget_report` — per project, per goal, per organisation and overall: allocated, disbursed, rate, target
  rate (from the cumulative disbursement targets), behind. A progress row counts when its period ends on or before
  the end of ``as_of`` (months and quarters alike). A project whose status (that of its latest counted row) is
  ``cancelled`` is listed but left out of every total. Numbers are unrounded.
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


def project_row(project: Project, as_of: Period | None, shares: Mapping[tuple[str, str], float]) -> dict[str, Any]:
    """One project's line of the report. ``shares``: (quarter code, kind or "") → cumulative share."""
    counted = [row for row in project.progress if as_of is not None and row.period.end <= as_of.end]
    if len(counted) > 1:
        counted.sort(key=lambda row: row.period.end)
    disbursed = math.fsum(row.disbursed for row in counted) if len(counted) > 1 else (
        float(counted[0].disbursed) if counted else 0.0)
    rate = _ratio(disbursed, project.allocated)
    target_rate: float | None = None
    if as_of is not None:
        code = as_of.code
        target_rate = shares.get((code, project.kind or ""))
        if target_rate is None:
            target_rate = shares.get((code, ""))
    latest = counted[-1] if counted else None
    return {
        "code": project.code, "goal": project.goal, "org": project.org, "allocated": project.allocated,
        "disbursed": disbursed, "rate": rate, "target_rate": target_rate, "behind": _behind(rate, target_rate),
        "progress": latest.progress if latest else None, "status": latest.status if latest else None,
    }


def totals(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts, sums, rate and the allocation-weighted target rate of project lines (cancelled ones left out)."""
    kept = [row for row in rows if row["status"] != CANCELLED]
    allocated = math.fsum(row["allocated"] for row in kept)
    disbursed = math.fsum(row["disbursed"] for row in kept)
    targeted = [row for row in kept if row["target_rate"] is not None]
    weight = math.fsum(row["allocated"] for row in targeted)
    target_rate = (math.fsum(row["allocated"] * row["target_rate"] for row in targeted) / weight
                   if targeted and weight else None)
    rate = _ratio(disbursed, allocated)
    return {"projects": len(kept), "allocated": allocated, "disbursed": disbursed, "rate": rate,
            "target_rate": target_rate, "behind": _behind(rate, target_rate)}


def _groups(rows: Sequence[Mapping[str, Any]], key: str) -> list[dict[str, Any]]:
    by_key: dict[str | None, list[Mapping[str, Any]]] = {}
    for row in rows:
        if row["status"] != CANCELLED:
            by_key.setdefault(row[key], []).append(row)
    ordered = sorted(by_key, key=lambda code: (code is None, code or ""))
    return [{key: code, **totals(by_key[code])} for code in ordered]


def budget_report(fiscal_year: int, projects: Sequence[Project], shares: Mapping[tuple[str, str], float],
                  as_of: Period | None = None) -> dict[str, Any]:
    """The `govkpi budget` object (planning.md). ``as_of`` None → :func:`default_as_of`."""
    if as_of is None:
        as_of = default_as_of(fiscal_year, projects)
    rows = [project_row(project, as_of, shares) for project in sorted(projects, key=lambda p: p.code)]
    return {"fiscal_year": fiscal_year, "as_of": as_of.code if as_of else None, "totals": totals(rows),
            "goals": _groups(rows, "goal"), "orgs": _groups(rows, "org"), "projects": rows}


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

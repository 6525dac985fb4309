"""Progress of a plan's indicator targets (planning.md, `govkpi plan progress`).

* :func:`pick_targets` — the target rows that apply to one organisation: its own row for an indicator and year wins
  over the row for every organisation (org ``None``).
* :func:`indicator_progress` — for one indicator, each year's target, actual and ``met`` (actual ≥ target for
  ``higher_is_better``, ≤ for ``lower_is_better``; None when either is missing), and ``status``: the SDG-style
  progress (scoring.md §8, :func:`govkpi.core.progress.sdg_progress`) toward the target of the plan's end year,
  from the earliest year with an actual (the baseline) to the latest. None when the end year has no target or fewer
  than two years have an actual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from govkpi.core.progress import sdg_progress
from govkpi.core.scoring import Direction


@dataclass(frozen=True)
class TargetRow:
    indicator: str
    fiscal_year: int
    target: float
    org: str | None = None  # None: every organisation


def pick_targets(rows: Iterable[TargetRow], org: str, start_year: int, end_year: int) -> dict[str, dict[int, float]]:
    """indicator → fiscal year → target for ``org`` within the plan's years."""
    chosen: dict[tuple[str, int], TargetRow] = {}
    for row in rows:
        if not start_year <= row.fiscal_year <= end_year or row.org not in (None, org):
            continue
        key = (row.indicator, row.fiscal_year)
        if key not in chosen or row.org is not None:
            chosen[key] = row
    targets: dict[str, dict[int, float]] = {}
    for (indicator, year), row in sorted(chosen.items()):
        targets.setdefault(indicator, {})[year] = row.target
    return targets


def met(actual: float | None, target: float | None, direction: str) -> bool | None:
    if actual is None or target is None:
        return None
    return actual >= target if Direction(direction) is Direction.HIGHER else actual <= target


def indicator_progress(indicator: str, direction: str, targets: Mapping[int, float],
                       actuals: Mapping[int, float | None], end_year: int) -> dict[str, Any]:
    """One indicator's line of `govkpi plan progress`: ``targets`` and ``actuals`` by fiscal year."""
    years = [{"fiscal_year": year, "target": targets[year], "actual": actuals.get(year),
              "met": met(actuals.get(year), targets[year], direction)} for year in sorted(targets)]
    observed = sorted((year, value) for year, value in actuals.items() if value is not None)
    status: str | None = None
    if end_year in targets and len(observed) >= 2:
        (first_year, first), (last_year, last) = observed[0], observed[-1]
        status = str(sdg_progress(first, first_year, last, last_year, targets[end_year], end_year,
                                  Direction(direction)))
    return {"indicator": indicator, "direction": direction, "years": years, "status": status}

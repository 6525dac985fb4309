"""Beyond the single year (scoring.md §8): year-end projection and multi-year progress toward a target.

* :func:`project_year_end` projects the year-end value from the periods reported so far: ``sum`` pro-rated by the
  months covered out of 12; ``last``, ``mean`` and ``ratio`` take the latest period's value (for ``ratio`` the
  latest period's own numerator / denominator × multiplier). A whole-year result is the year-end value itself.
* :func:`reaches` says whether a projection reaches level 3.
* :func:`sdg_progress` classifies progress toward a target year the way Open SDG does: the growth observed since
  the baseline year, per year, compared with the growth per year needed to go from the baseline to the target
  by the target year. The rate is the compound annual growth rate when baseline, current value and target are
  all positive, and the linear change per year otherwise (a CAGR is undefined at zero or below; a target of 0,
  such as "zero road deaths", is common). ``ratio = observed / required``:

  - the current value meets the target (by ``direction``) → ``target_achieved``;
  - ratio ≥ ``substantial`` [0.95] → ``substantial_progress``; ≥ ``moderate`` [0.5] → ``moderate_progress``;
    > ``limited`` [0] → ``limited_progress``; otherwise ``deterioration``.

  For ``lower_is_better`` the required rate is negative, so a fall gives a positive ratio: the direction is
  carried by the sign of the required change. If the baseline already met the target but the current value no
  longer does, that is ``deterioration``.

Errors are :class:`~govkpi.core.errors.ScoringError` (codes in :mod:`govkpi.core.scoring`; ``invalid_years`` when
the baseline year is not before the current and target years).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum

from govkpi.core.combine import Aggregation, PeriodValue, check_period_values, combine_periods
from govkpi.core.errors import ScoringError
from govkpi.core.scoring import Direction, check_finite, check_thresholds

__all__ = ["Progress", "project_year_end", "reaches", "sdg_progress"]

LEVEL_TO_REACH = 3


class Progress(StrEnum):
    TARGET_ACHIEVED = "target_achieved"
    SUBSTANTIAL = "substantial_progress"
    MODERATE = "moderate_progress"
    LIMITED = "limited_progress"
    DETERIORATION = "deterioration"


def project_year_end(
    values: Sequence[PeriodValue], aggregation: Aggregation, multiplier: float, fiscal_year: int
) -> float | None:
    """The projected year-end value of fiscal year ``fiscal_year`` from the results so far; None without any."""
    aggregation = Aggregation(aggregation)
    present = [
        pv
        for pv in values
        if pv.value is not None
        or (aggregation is Aggregation.RATIO and (pv.numerator is not None or pv.denominator is not None))
    ]
    years = sorted({pv.period.fiscal_year for pv in present} - {fiscal_year})
    if years:
        raise ScoringError(
            "mixed_fiscal_years",
            f"results of fiscal years {years} given for a projection of {fiscal_year}",
            {"fiscal_years": [fiscal_year, *years]},
        )
    check_period_values(present)
    if not present:
        return None
    if any(pv.period.is_whole_year for pv in present):
        return combine_periods(present, aggregation, multiplier).value
    if aggregation is Aggregation.SUM:
        total = math.fsum(pv.value for pv in present if pv.value is not None)
        return total * 12 / sum(pv.period.months for pv in present)
    latest = max(present, key=lambda pv: pv.period.end)
    return combine_periods([latest], aggregation, multiplier).value


def reaches(projected: float | None, thresholds: Sequence[float], direction: Direction) -> bool:
    """True if ``projected`` reaches level 3 (t3 or better in ``direction``); no projection → False."""
    check_thresholds(thresholds, direction)
    if projected is None:
        return False
    t3 = thresholds[LEVEL_TO_REACH - 1]
    return projected >= t3 if Direction(direction) is Direction.HIGHER else projected <= t3


def _annual_rate(start: float, end: float, years: int, compound: bool) -> float:
    if compound:
        return float((end / start) ** (1 / years) - 1)
    return (end - start) / years


def sdg_progress(
    baseline_value: float,
    baseline_year: int,
    current_value: float,
    current_year: int,
    target_value: float,
    target_year: int,
    direction: Direction,
    *,
    substantial: float = 0.95,
    moderate: float = 0.5,
    limited: float = 0.0,
) -> str:
    """The Open-SDG-style progress status toward ``target_value`` in ``target_year`` (see the module docstring)."""
    baseline = check_finite(baseline_value, "baseline_value")
    current = check_finite(current_value, "current_value")
    target = check_finite(target_value, "target_value")
    if not (baseline_year < current_year and baseline_year < target_year):
        raise ScoringError(
            "invalid_years",
            f"the baseline year ({baseline_year}) must be before the current ({current_year}) "
            f"and target ({target_year}) years",
            {"baseline_year": baseline_year, "current_year": current_year, "target_year": target_year},
        )
    sign = 1 if Direction(direction) is Direction.HIGHER else -1
    if sign * (current - target) >= 0:
        return Progress.TARGET_ACHIEVED
    if sign * (target - baseline) <= 0:
        return Progress.DETERIORATION  # the baseline met the target; the current value has fallen behind it
    compound = baseline > 0 and current > 0 and target > 0
    required = _annual_rate(baseline, target, target_year - baseline_year, compound)
    if required == 0:  # a target too close to the baseline for a compound rate in floating point
        compound = False
        required = _annual_rate(baseline, target, target_year - baseline_year, compound)
    observed = _annual_rate(baseline, current, current_year - baseline_year, compound)
    ratio = observed / required
    if math.isnan(ratio) or ratio <= limited:
        return Progress.DETERIORATION
    if ratio >= substantial:
        return Progress.SUBSTANTIAL
    if ratio >= moderate:
        return Progress.MODERATE
    return Progress.LIMITED

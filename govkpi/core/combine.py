"""The value of an indicator for one organisation and one fiscal year (scoring.md §1).

* §1.1 own results across the periods of a year: :func:`combine_periods` (a whole-year result takes
  precedence);
* §1.2 rolled up from child organisations: :func:`combine_children`;
* a ratio row's value against its parts: :func:`ratio_agrees`.

Errors are :class:`~govkpi.core.errors.ScoringError`; the codes are listed in :mod:`govkpi.core.scoring`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from govkpi.core.errors import ScoringError
from govkpi.core.periods import Period, find_overlaps

__all__ = [
    "Aggregation",
    "Combined",
    "PeriodValue",
    "check_period_values",
    "combine_children",
    "combine_periods",
    "ratio_agrees",
]


class Aggregation(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    LAST = "last"
    RATIO = "ratio"


@dataclass(frozen=True)
class PeriodValue:
    """One approved result of one organisation for one period."""

    period: Period
    value: float | None
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class Combined:
    """The value of an indicator for one organisation and fiscal year, and where it came from."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    source: str | None = None  # "own" | "children" | None


NO_VALUE = Combined(None, None, None, None)


def ratio_agrees(
    value: float, numerator: float, denominator: float, multiplier: float, tolerance: float = 0.01
) -> bool:
    """True if ``value`` equals numerator / denominator × multiplier to within ``tolerance`` (§1.1)."""
    if denominator == 0:
        return False
    return abs(value - numerator / denominator * multiplier) <= tolerance + 1e-9


def _ratio(numerator: float, denominator: float, multiplier: float, where: str) -> float:
    if denominator == 0:
        raise ScoringError("zero_denominator", f"{where}: the denominator is 0", {"period": where})
    return numerator / denominator * multiplier


def _ratio_parts(item: PeriodValue | Combined, where: str) -> tuple[float, float]:
    if item.numerator is None or item.denominator is None:
        raise ScoringError(
            "ratio_parts_missing", f"{where}: a ratio needs a numerator and a denominator", {"period": where}
        )
    _ratio(item.numerator, item.denominator, 1, where)  # a zero denominator is an error of the row itself
    return item.numerator, item.denominator


def _combine(
    items: Sequence[PeriodValue | Combined],
    aggregation: Aggregation,
    multiplier: float,
    source: str,
) -> Combined:
    """Sum, mean or ratio of items that all have a value (or ratio parts)."""
    if aggregation is Aggregation.RATIO:
        parts = [_ratio_parts(item, _where(item)) for item in items]
        for item, (n, d) in zip(items, parts, strict=True):
            if item.value is not None and not ratio_agrees(item.value, n, d, multiplier):
                raise ScoringError(
                    "ratio_disagrees",
                    f"{_where(item)}: value {item.value} does not agree with {n} / {d} × {multiplier}",
                    {"period": _where(item), "value": item.value, "numerator": n, "denominator": d},
                )
        numerator = math.fsum(n for n, _ in parts)
        denominator = math.fsum(d for _, d in parts)
        where = ", ".join(sorted({_where(item) for item in items}))
        return Combined(_ratio(numerator, denominator, multiplier, where), numerator, denominator, source)
    values = [item.value for item in items if item.value is not None]
    total = math.fsum(values)
    return Combined(total / len(values) if aggregation is Aggregation.MEAN else total, None, None, source)


def _where(item: PeriodValue | Combined) -> str:
    return item.period.code if isinstance(item, PeriodValue) else "child"


def _has_value(item: PeriodValue, aggregation: Aggregation) -> bool:
    if aggregation is Aggregation.RATIO:
        return item.value is not None or item.numerator is not None or item.denominator is not None
    return item.value is not None


def check_period_values(values: Sequence[PeriodValue]) -> None:
    """One fiscal year, no two whole-year results, no overlapping sub-periods (§1.1: an error at load)."""
    years = sorted({pv.period.fiscal_year for pv in values})
    if len(years) > 1:
        raise ScoringError("mixed_fiscal_years", f"results of several fiscal years: {years}", {"fiscal_years": years})
    periods = [pv.period for pv in values]
    overlaps = find_overlaps(periods)
    whole = [p for p in periods if p.is_whole_year]
    if len(whole) > 1:
        overlaps.insert(0, (whole[0], whole[1]))
    if overlaps:
        first, second = overlaps[0]
        raise ScoringError(
            "overlapping_periods",
            f"results for overlapping periods {first.code} and {second.code}",
            {"first": first.code, "second": second.code},
        )


def combine_periods(values: Sequence[PeriodValue], aggregation: Aggregation, multiplier: float = 100) -> Combined:
    """The value of one organisation's own results in one fiscal year (§1.1).

    A whole-year result takes precedence; otherwise sub-periods combine by ``aggregation``: ``sum``, ``mean``,
    ``last`` (the period that ends latest) or ``ratio`` (Σnumerator / Σdenominator × multiplier, the sums kept
    in the result so that parents can roll ratios up). Results without a value are ignored; none → no value.
    """
    aggregation = Aggregation(aggregation)
    present = [pv for pv in values if _has_value(pv, aggregation)]
    check_period_values(present)
    if not present:
        return NO_VALUE
    whole = [pv for pv in present if pv.period.is_whole_year]
    chosen = whole or sorted(present, key=lambda pv: pv.period.sort_key)
    if aggregation is Aggregation.LAST:
        latest = max(chosen, key=lambda pv: pv.period.end)
        return Combined(latest.value, None, None, "own")
    return _combine(chosen, aggregation, multiplier, "own")


def combine_children(children: Sequence[Combined], aggregation: Aggregation, multiplier: float = 100) -> Combined:
    """The value rolled up from child organisations (§1.2).

    ``sum`` and ``last`` → the sum; ``mean`` → the mean of the children with a value; ``ratio`` → Σnumerator /
    Σdenominator × multiplier. Children without a value are skipped; none with a value → no value.
    """
    aggregation = Aggregation(aggregation)
    with_value = [child for child in children if child.value is not None]
    if not with_value:
        return NO_VALUE
    how = Aggregation.SUM if aggregation is Aggregation.LAST else aggregation
    return _combine(with_value, how, multiplier, "children")

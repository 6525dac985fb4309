"""Data quality rules (pure, no Django): outliers and reporting rates, as DHIS2 users know them.

* **Modified z-score** (Iglewicz and Hoaglin, 1993): ``M = 0.6745 · (x − median) / MAD`` with MAD the median of the
  absolute deviations from the median; ``|M| > 3.5`` is an outlier. When more than half the values are equal the
  MAD is 0; the mean absolute deviation stands in (``M = (x − median) / (1.253314 · meanAD)``, as DHIS2 and the
  literature do). When that is 0 too, every value is the median: nothing is unusual. Fewer than
  :data:`MIN_VALUES` values give no verdict (None).
* **Peer outliers**: the values of one indicator and one period, across organisations of the same group.
* **Own-history outliers**: a value against the organisation's own earlier values of the indicator.
* **Reporting rate**: reported / expected, None when nothing is expected.

Non-finite numbers (NaN, ±inf: a row written by SQL) are left out of every statistic and never flagged.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Generic, Protocol, TypeVar

CONSISTENCY = 0.6745  # Φ⁻¹(3/4): makes the MAD estimate the standard deviation of normal data
MEAN_AD_FACTOR = 1.253314  # √(π/2): the same for the mean absolute deviation
THRESHOLD = 3.5
MIN_VALUES = 5  # fewer peers or earlier periods than this: no verdict
MIN_HISTORY = 4

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Spread:
    """The centre and spread a modified z-score is measured against."""

    median: float
    scale: float  # MAD / 0.6745, or 1.253314 · meanAD when the MAD is 0; 0 when every value is the median
    count: int

    def z(self, value: float) -> float | None:
        """The modified z-score of ``value`` (None for a non-finite value). A spread below the smallest normal
        float is no spread: every value is the median. A score past the float range is the largest float."""
        if not math.isfinite(value):
            return None
        if self.scale < sys.float_info.min:
            return 0.0
        score = (value - self.median) / self.scale
        if math.isnan(score):
            return None
        return max(-sys.float_info.max, min(sys.float_info.max, score))


def finite(values: Iterable[float | None]) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(v)]


def spread(values: Iterable[float | None], minimum: int = MIN_VALUES) -> Spread | None:
    """The median and robust scale of ``values`` (None when fewer than ``minimum`` finite values)."""
    kept = finite(values)
    if len(kept) < max(minimum, 1):
        return None
    centre = median(kept)
    deviations = [abs(v - centre) for v in kept]
    mad = median(deviations)
    if mad > 0:
        scale = mad / CONSISTENCY
    else:
        mean_ad = sum(deviations) / len(deviations)
        scale = MEAN_AD_FACTOR * mean_ad
    if not math.isfinite(scale) or not math.isfinite(centre):  # values near the float limits
        return None
    return Spread(median=centre, scale=scale, count=len(kept))


def modified_z(value: float, values: Iterable[float | None], minimum: int = MIN_VALUES) -> float | None:
    """The modified z-score of ``value`` among ``values`` (None: too few values or a non-finite value)."""
    found = spread(values, minimum)
    return found.z(value) if found is not None else None


def is_outlier(z: float | None, threshold: float = THRESHOLD) -> bool:
    return z is not None and abs(z) > threshold


@dataclass(frozen=True)
class Outlier(Generic[Key]):
    key: Key
    value: float
    z: float
    median: float
    count: int  # how many values it was measured against (itself included for peers)


def peer_outliers(
    values: Mapping[Key, float | None], threshold: float = THRESHOLD, minimum: int = MIN_VALUES
) -> list[Outlier[Key]]:
    """The members of one peer group (same indicator, same period) whose value is unusual among the group's,
    most unusual first."""
    found = spread(values.values(), minimum)
    if found is None:
        return []
    flagged = []
    for key, value in values.items():
        if value is None:
            continue
        z = found.z(value)
        if z is not None and is_outlier(z, threshold):
            flagged.append(Outlier(key, float(value), z, found.median, found.count))
    return sorted(flagged, key=lambda o: -abs(o.z))


def history_outlier(
    value: float | None,
    history: Sequence[float | None],
    threshold: float = THRESHOLD,
    minimum: int = MIN_HISTORY,
) -> tuple[float, float, int] | None:
    """(z, median, count) when ``value`` is unusual against the organisation's own earlier values, else None."""
    if value is None:
        return None
    found = spread(history, minimum)
    if found is None:
        return None
    z = found.z(value)
    if z is None or not is_outlier(z, threshold):
        return None
    return z, found.median, found.count


def reporting_rate(reported: int, expected: int) -> float | None:
    """reported / expected between 0 and 1 (None when nothing is expected; more reported than expected is 1)."""
    if expected <= 0:
        return None
    return min(max(reported, 0), expected) / expected


class HasRate(Protocol):
    @property
    def rate(self) -> float | None: ...


Rated = TypeVar("Rated", bound=HasRate)


def lowest_first(rates: Iterable[Rated]) -> list[Rated]:
    """Rates lowest first; those with nothing expected last. Ties keep their order."""
    return sorted(rates, key=lambda r: (r.rate is None, r.rate if r.rate is not None else 0.0))

"""What it takes: the five-level score of shared/domain/scoring.md §3 run backwards (issue 18).

* :func:`needed_value` — the year value that just scores a given level (``achieved_from``) under a policy:
  the smallest such value for higher_is_better, the largest for lower_is_better. ``level_score(needed) ≥ score``
  and every value strictly worse than ``needed`` scores below it (checked to the last floating-point step).
* :func:`remaining_for` — what the periods still to come must bring: ``sum`` the remainder
  ``max(0, needed − value so far)`` (for lower_is_better the most they may still add); ``mean`` the average each
  remaining period needs (lower_is_better: may have at most); ``last`` and ``ratio`` the value itself.
* :func:`band_slope` and :func:`weight_share` — the overall score gained per unit of improvement at the current
  value is ``weight_share × band_slope``.
* :func:`framework_gaps` — for an assessment framework (ITA, …): the next level above the current total and the
  points each component alone would still need to reach it (ITA: AA from 95).

When no value does it, :func:`needed_value` says why instead of a number (:class:`Needed` ``reason``):

``always_reached``  the score asked for is at or below the policy floor: every value reaches it.
``unreachable``     the score asked for is above 5: no value reaches it.

Pure, no Django; thresholds and policy are checked as :func:`~govkpi.core.scoring.level_score` checks them.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from govkpi.core.combine import Aggregation
from govkpi.core.frameworks import EPSILON, Framework
from govkpi.core.scoring import (
    LEVELS,
    Direction,
    Missing,
    Policy,
    _level_score,
    check_finite,
    check_thresholds,
)

__all__ = ["Needed", "band_slope", "framework_gaps", "needed_value", "remaining_for", "weight_share"]

ALWAYS_REACHED = "always_reached"
UNREACHABLE = "unreachable"
NO_PERIODS_LEFT = "no_periods_left"


@dataclass(frozen=True)
class Needed:
    """The year value that scores the level asked for, or ``None`` with the ``reason``."""

    value: float | None
    reason: str | None = None


def needed_value(score: float, thresholds: Sequence[float], direction: Direction, policy: Policy) -> Needed:
    """The year value that reaches ``score`` under ``policy`` (linear or step, floor), see the module docstring."""
    policy.validate()
    check_thresholds(thresholds, direction)
    target = check_finite(score, "score")
    direction = Direction(direction)
    if target <= policy.floor:
        return Needed(None, ALWAYS_REACHED)
    if target > LEVELS:
        return Needed(None, UNREACHABLE)
    sign = -1.0 if direction is Direction.LOWER else 1.0
    ts = [sign * float(t) for t in thresholds]  # higher_is_better from here on: negation is exact
    level = math.ceil(target)  # t_level scores level ≥ target; t_level-1 scores below it (or the floor, below t1)
    high = ts[level - 1]
    low = ts[level - 2] if level >= 2 else math.nextafter(ts[0], -math.inf)

    def reaches(v: float) -> bool:
        return _level_score(sign * v, thresholds, direction, policy) >= target

    return Needed(sign * _first(low, high, reaches))


def _first(low: float, high: float, reaches: Callable[[float], bool]) -> float:
    """The smallest float in (low, high] for which the monotone ``reaches`` holds, given it fails at ``low`` and
    holds at ``high``: a bisection over the floats themselves, so that the answer is exact to the last step (the
    interpolation formula run backwards can land a few steps off, and rounding can make a whole range score alike)."""
    a, b = _ordered(low), _ordered(high)
    while b - a > 1:
        middle = (a + b) // 2
        if reaches(_from_ordered(middle)):
            b = middle
        else:
            a = middle
    return _from_ordered(b)


def _ordered(x: float) -> int:
    """An integer for each float, in the floats' order (−0.0 and 0.0 alike)."""
    bits: int = struct.unpack("<q", struct.pack("<d", x))[0]
    return bits if bits >= 0 else -(bits & 0x7FFFFFFFFFFFFFFF)


def _from_ordered(n: int) -> float:
    bits = n if n >= 0 else (-n) | -0x8000000000000000
    value: float = struct.unpack("<d", struct.pack("<q", bits))[0]
    return value


def remaining_for(
    aggregation: Aggregation,
    needed: float,
    value: float | None,
    periods_done: int,
    periods_left: int,
) -> float | None:
    """What the remaining periods must bring for the year value to be ``needed`` (module docstring).

    ``value`` is the value so far (None: nothing yet, counted as 0 for ``sum`` and as no period for ``mean``);
    ``periods_done``/``periods_left`` count the periods of the indicator's reporting type up to and after the
    as-of period. A ``mean`` with no period left has no answer (None).
    """
    aggregation = Aggregation(aggregation)
    if aggregation is Aggregation.SUM:
        return max(0.0, needed - (value or 0.0))
    if aggregation is Aggregation.MEAN:
        if periods_left <= 0:
            return None
        done = periods_done if value is not None else 0
        so_far = value * done if value is not None else 0.0
        return (needed * (done + periods_left) - so_far) / periods_left
    return needed


def band_slope(value: float, thresholds: Sequence[float], direction: Direction) -> float:
    """Score gained per unit of improvement within the level band of ``value``: ``1 / |t_k+1 − t_k|`` from t_k up
    to (not including) t5; 0 below t1 (the floor is flat) and from t5 on. Under the ``step`` policy this is the
    average rate at which the band is crossed (the score itself moves by whole levels)."""
    check_thresholds(thresholds, direction)
    v = check_finite(value, "value")
    sign = -1.0 if Direction(direction) is Direction.LOWER else 1.0
    ts = [sign * float(t) for t in thresholds]
    v *= sign
    if v < ts[0] or v >= ts[-1]:
        return 0.0
    k = max(i for i, t in enumerate(ts) if t <= v)  # 0-based band start
    return 1.0 / (ts[k + 1] - ts[k])


def weight_share(weight: float, scored_weight: float, total_weight: float, policy: Policy) -> float:
    """The share of the overall score (§4) one indicator's score carries: weight over the weights the overall
    score divides by — those with a score (``missing=exclude``) or all (``missing=zero``)."""
    divisor = total_weight if policy.missing == Missing.ZERO else scored_weight
    return weight / divisor if divisor > 0 else 0.0


def framework_gaps(framework: Framework, components: Mapping[str, float]) -> dict[str, Any] | None:
    """The next level of ``framework`` above the total its ``components`` form, and for each component the points it
    alone would still need to get there (the others unchanged): ``{"score", "level", "next_level", "next_from",
    "components": [{"component", "value", "max", "points_needed", "reachable"}]}``. ``reachable`` is False when the
    component cannot climb that far on its own (its maximum is too low). None when the framework forms no total or
    no level bands, or a component is missing; ``next_level`` None at the top level (nothing needed)."""
    total = framework.total_of(components)
    if total is None or not framework.computes_levels:
        return None
    shares = framework.shares(components)
    above = sorted((level for level in framework.levels if level.lower is not None and level.lower > total + EPSILON),
                   key=lambda level: level.lower or 0.0)
    nxt = above[0] if above else None
    rows = []
    weights = sum(c.weight for c in framework.components)
    scale = framework.scale_high - framework.scale_low
    for component in framework.components:
        width = component.high - component.low
        value = component.low + shares[component.code] * width
        points = None
        if nxt is not None and nxt.lower is not None:
            gap = nxt.lower - total
            per_point = 1.0 if framework.total == "sum" else component.weight / weights * scale / width
            points = gap / per_point if per_point > 0 else math.inf
        rows.append({"component": component.code, "value": value, "max": component.high, "points_needed": points,
                     "reachable": None if points is None else value + points <= component.high + EPSILON})
    return {"score": total, "level": framework.level_for(total), "next_level": nxt.name if nxt else None,
            "next_from": nxt.lower if nxt else None, "components": rows}

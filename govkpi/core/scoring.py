"""The scoring rules of shared/domain/scoring.md, once, in pure Python.

Every choice the document marks *policy* comes from a :class:`Policy` value (one per fiscal year), never a
constant. Computation is in full precision; rounding is for display only (§6).

* §1 the value of an indicator (own results, roll-up): :mod:`govkpi.core.combine`, re-exported here.
* §3 five-level score: :func:`check_thresholds`, :func:`level_score`.
* §4 composites and coverage: :func:`composite`; §5 status: :func:`status_for`.
* §7 the score object: :func:`score_card`.
* §8 (projection and multi-year progress): :mod:`govkpi.core.progress`.

Errors are :class:`ScoringError` (a ``ValueError``) with one of these codes:

``invalid_policy``
    a policy field with a bad value. params: ``field``, ``value``.
``thresholds_count``
    not exactly five thresholds. params: ``count``.
``thresholds_not_monotonic``
    thresholds not strictly increasing (higher_is_better) or strictly decreasing (lower_is_better).
    params: ``direction``, ``level`` (k, 1-based), ``first`` (t_k), ``second`` (t_k+1).
``invalid_number``
    a value, threshold or weight that is not a finite number, or a weight ≤ 0. params: ``field``, ``value``.
``ratio_parts_missing``
    a ratio result or child without numerator and denominator. params: ``period``.
``ratio_disagrees``
    a ratio result whose value differs from numerator / denominator × multiplier by more than 0.01.
    params: ``period``, ``value``, ``numerator``, ``denominator``.
``zero_denominator``
    a ratio whose (summed) denominator is 0. params: ``period``.
``overlapping_periods``
    results for overlapping sub-periods, or two whole-year results. params: ``first``, ``second`` (codes).
``mixed_fiscal_years``
    results of more than one fiscal year combined. params: ``fiscal_years``.
``duplicate_indicator``
    an indicator code given twice to :func:`score_card`. params: ``code``.
``invalid_years``
    (progress) years out of order for :func:`~govkpi.core.progress.sdg_progress`. params: the years.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from govkpi.core.combine import (
    Aggregation,
    Combined,
    PeriodValue,
    combine_children,
    combine_periods,
    ratio_agrees,
)
from govkpi.core.errors import ScoringError

__all__ = [
    "Aggregation",
    "Combined",
    "Direction",
    "IndicatorInput",
    "Interpolation",
    "Missing",
    "PeriodValue",
    "Policy",
    "ScoringError",
    "Status",
    "check_finite",
    "check_thresholds",
    "combine_children",
    "combine_periods",
    "composite",
    "level_score",
    "ratio_agrees",
    "score_card",
    "status_for",
]

LEVELS = 5


class Direction(StrEnum):
    HIGHER = "higher_is_better"
    LOWER = "lower_is_better"


class Interpolation(StrEnum):
    """Policy ``interpolation`` (§3): a score in between levels, or whole levels only."""

    LINEAR = "linear"
    STEP = "step"


class Missing(StrEnum):
    """Policy ``missing`` (§4): indicators without a value left out of a composite, or counted as 0."""

    EXCLUDE = "exclude"
    ZERO = "zero"


class Status(StrEnum):
    ACHIEVED = "achieved"
    AT_RISK = "at_risk"
    NOT_ACHIEVED = "not_achieved"
    NO_DATA = "no_data"


def check_finite(value: float, field: str) -> float:
    """Return ``value`` as a float if it is a finite number, else raise ScoringError ``invalid_number``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScoringError(
            "invalid_number",
            f"{field} must be a finite number, not {value!r}",
            {"field": field, "value": value},
        )
    return float(value)


# --- policy -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """The per-fiscal-year scoring choices (workbook table ``scoring_policy``); defaults as in scoring.md."""

    interpolation: str = "linear"  # "linear" | "step" (§3)
    floor: float = 0  # score below level 1: 0 or 1 (§3)
    missing: str = "exclude"  # "exclude" | "zero" (§4)
    achieved_from: float = 3.0  # §5
    at_risk_from: float = 2.0  # §5
    min_coverage: float = 0.0  # rankings: share 0–1 of weight with a score needed to be ranked; 0 = no minimum

    def as_dict(self) -> dict[str, Any]:
        """The §7 ``policy`` object; ``min_coverage`` only when a minimum is set (the contract's keys otherwise)."""
        out: dict[str, Any] = {
            "interpolation": self.interpolation,
            "floor": self.floor,
            "missing": self.missing,
            "achieved_from": self.achieved_from,
            "at_risk_from": self.at_risk_from,
        }
        if self.min_coverage:
            out["min_coverage"] = self.min_coverage
        return out

    def validate(self) -> Policy:
        """Return the policy if every field is valid, else raise ScoringError ``invalid_policy``."""

        def bad(field: str, message: str) -> ScoringError:
            value = getattr(self, field)
            return ScoringError(
                "invalid_policy", f"policy {field}={value!r}: {message}", {"field": field, "value": value}
            )

        if self.interpolation not in tuple(Interpolation):
            raise bad("interpolation", "must be 'linear' or 'step'")
        if isinstance(self.floor, bool) or self.floor not in (0, 1):
            raise bad("floor", "must be 0 or 1")
        if self.missing not in tuple(Missing):
            raise bad("missing", "must be 'exclude' or 'zero'")
        for field in ("achieved_from", "at_risk_from"):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise bad(field, "must be a finite number")
        if self.at_risk_from > self.achieved_from:
            raise bad("at_risk_from", f"must not be above achieved_from ({self.achieved_from})")
        value = self.min_coverage
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise bad("min_coverage", "must be a share from 0 to 1")
        return self

    def ranked(self, coverage: float | None) -> bool:
        """Whether a composite with this coverage is ranked: at least ``min_coverage`` of the weight scored (a
        coverage that misses it only by floating-point rounding, e.g. 0.3 as 0.1 + 0.2, reaches it)."""
        return self.min_coverage == 0 or (coverage is not None and coverage >= self.min_coverage - 1e-9)


# --- §3 five-level score ------------------------------------------------------------------------------------


def check_thresholds(thresholds: Sequence[float], direction: Direction) -> None:
    """Five finite thresholds, strictly increasing (higher_is_better) or decreasing (lower_is_better)."""
    if len(thresholds) != LEVELS:
        raise ScoringError(
            "thresholds_count",
            f"exactly {LEVELS} thresholds are needed, not {len(thresholds)}",
            {"count": len(thresholds)},
        )
    for k, t in enumerate(thresholds, start=1):
        check_finite(t, f"level{k}")
    direction = Direction(direction)
    for k in range(1, LEVELS):
        first, second = thresholds[k - 1], thresholds[k]
        ok = first < second if direction is Direction.HIGHER else first > second
        if not ok:
            word = "below" if direction is Direction.HIGHER else "above"
            raise ScoringError(
                "thresholds_not_monotonic",
                f"{direction}: level{k} ({first}) must be strictly {word} level{k + 1} ({second})",
                {"direction": str(direction), "level": k, "first": first, "second": second},
            )


def level_score(value: float, thresholds: Sequence[float], direction: Direction, policy: Policy) -> float:
    """The 1–5 score of ``value`` against thresholds t1…t5 (§3); below level 1 the policy floor.

    A value exactly on t_k scores exactly k. lower_is_better is the mirror image, computed by negating.
    """
    policy.validate()
    check_thresholds(thresholds, direction)
    return _level_score(check_finite(value, "value"), thresholds, Direction(direction), policy)


def _level_score(v: float, thresholds: Sequence[float], direction: Direction, policy: Policy) -> float:
    """:func:`level_score` for a policy and thresholds already checked (the score card checks them once)."""
    ts = [float(t) for t in thresholds]
    if direction is Direction.LOWER:
        v, ts = -v, [-t for t in ts]
    k = bisect_right(ts, v)  # how many thresholds the value reaches
    if k == 0:
        return float(policy.floor)
    if k == LEVELS or policy.interpolation == "step":
        return float(k)
    low, high = ts[k - 1], ts[k]
    return k + (v - low) / (high - low)


# --- §5 status ----------------------------------------------------------------------------------------------


def status_for(score: float | None, policy: Policy) -> Status:
    """``achieved`` from ``achieved_from``, ``at_risk`` from ``at_risk_from``, else ``not_achieved``;
    no score → ``no_data`` (§5)."""
    if score is None:
        return Status.NO_DATA
    if score >= policy.achieved_from:
        return Status.ACHIEVED
    if score >= policy.at_risk_from:
        return Status.AT_RISK
    return Status.NOT_ACHIEVED


# --- §4 composites and §7 the score card --------------------------------------------------------------------


def composite(items: Sequence[tuple[float, float | None]], policy: Policy) -> tuple[float | None, float]:
    """(weight, score) pairs → (weighted mean score, coverage) (§4).

    Coverage is Σweight with a score / Σweight. ``missing="exclude"`` averages over the scored items only;
    ``missing="zero"`` counts unscored items as 0. No scored item → (None, 0.0).
    """
    total_weight = 0.0
    scored_weight = 0.0
    weighted = 0.0
    for weight, score in items:
        if check_finite(weight, "weight") <= 0:
            raise ScoringError(
                "invalid_number",
                f"weight must be above 0, not {weight}",
                {"field": "weight", "value": weight},
            )
        total_weight += weight
        if score is not None:
            scored_weight += weight
            weighted += weight * score
    if scored_weight == 0:
        return None, 0.0
    coverage = scored_weight / total_weight
    divisor = total_weight if policy.missing == "zero" else scored_weight
    return weighted / divisor, coverage


@dataclass(frozen=True)
class IndicatorInput:
    """One indicator of a fiscal year's scorecard with its criteria and combined value."""

    code: str
    goal: str
    weight: float
    direction: Direction
    thresholds: tuple[float, ...]
    combined: Combined


def _composite_body(items: Sequence[tuple[float, float | None]], policy: Policy) -> dict[str, Any]:
    score, coverage = composite(items, policy)
    return {"score": score, "coverage": coverage, "status": str(status_for(score, policy))}


def score_card(
    indicators: Sequence[IndicatorInput], policy: Policy, goal_order: Sequence[str] | None = None
) -> dict[str, Any]:
    """The §7 score object without ``fiscal_year`` and ``org``; numbers unrounded.

    The overall score is the weighted mean over all indicators (not a mean of goals). Goals follow
    ``goal_order`` (goals missing from it come after, by code) or else their codes; indicators keep their
    input order. Goals without indicators are not listed.
    """
    policy.validate()
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for ind in indicators:
        if ind.code in seen:
            raise ScoringError("duplicate_indicator", f"indicator {ind.code} is given twice", {"code": ind.code})
        seen.add(ind.code)
        value = ind.combined.value
        check_thresholds(ind.thresholds, ind.direction)
        score = (
            None
            if value is None
            else _level_score(check_finite(value, "value"), ind.thresholds, Direction(ind.direction), policy)
        )
        rows.append(
            {
                "code": ind.code,
                "goal": ind.goal,
                "weight": ind.weight,
                "value": value,
                "score": score,
                "status": str(status_for(score, policy)),
                "source": ind.combined.source,
            }
        )
    by_goal: dict[str, list[tuple[float, float | None]]] = {}
    for row in rows:
        by_goal.setdefault(row["goal"], []).append((row["weight"], row["score"]))
    position = {code: i for i, code in enumerate(goal_order or ())}
    goal_codes = sorted(by_goal, key=lambda g: (position.get(g, len(position)), g))
    goals = [{"code": goal, **_composite_body(by_goal[goal], policy)} for goal in goal_codes]
    return {
        "policy": policy.as_dict(),
        "overall": _composite_body([(r["weight"], r["score"]) for r in rows], policy),
        "goals": goals,
        "indicators": rows,
    }

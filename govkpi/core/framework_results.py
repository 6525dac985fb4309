"""What the framework engine makes of many organisations' results: ranks within peer groups (standard competition
ranking), the published ranks to flag, weak spots per component and indicator, and the summary of a framework year.
Pure Python, like :mod:`govkpi.core.frameworks`."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from govkpi.core.frameworks import EPSILON, Flag, Framework, Outcome

# --- ranking ------------------------------------------------------------------------------------------------------


def competition_ranks(scores: Mapping[str, float]) -> dict[str, int]:
    """Standard competition ranking, highest first: 99, 98, 98, 97 → 1, 2, 2, 4."""
    ordered = sorted(scores.items(), key=lambda item: -item[1])
    ranks: dict[str, int] = {}
    previous: float | None = None
    rank = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if previous is None or abs(value - previous) > EPSILON:
            rank = position
            previous = value
        ranks[key] = rank
    return ranks


def ranks_in_groups(
    scores: Mapping[str, float], groups: Mapping[str, Iterable[str]], only: Sequence[str] = ()
) -> dict[str, dict[str, int]]:
    """org → {group: rank} for every group of each organisation (only those in ``only`` when it is given)."""
    members: dict[str, dict[str, float]] = {}
    allowed = set(only)
    for org, value in scores.items():
        for group in groups.get(org, ()):
            if not allowed or group in allowed:
                members.setdefault(group, {})[org] = value
    result: dict[str, dict[str, int]] = {org: {} for org in scores}
    for group in sorted(members):
        for org, rank in competition_ranks(members[group]).items():
            result[org][group] = rank
    return result


def rank_flag(published: int | None, group: str, ranks: Mapping[str, int]) -> Flag | None:
    """A published rank better than the organisations on record allow (more of them scored higher) is flagged.
    A worse published rank is consistent: the national field is larger than what the province records."""
    if published is None or not group or group not in ranks:
        return None
    computed = ranks[group]
    return Flag("rank", published, computed, group) if published < computed else None


# --- weak spots ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeakSpot:
    code: str
    name_th: str
    name_en: str
    is_indicator: bool
    count: int
    mean: float | None  # on the framework's scale
    below: tuple[str, ...]  # organisations under the pass mark on this component or indicator


def weak_spots(framework: Framework, results: Mapping[str, Mapping[str, float]]) -> list[WeakSpot]:
    """For each component and indicator: the mean across organisations (on the framework's scale) and the
    organisations below the pass mark, weakest mean first."""
    spots: list[WeakSpot] = []
    for component in framework.components:
        shares = {
            org: s[component.code]
            for org, values in results.items()
            if component.code in (s := framework.shares(values))
        }
        spots.append(_spot(framework, component.code, component.name_th, component.name_en, False, shares))
        for ind in component.indicators:
            width = ind.high - ind.low
            values = {org: (v[ind.code] - ind.low) / width for org, v in results.items() if ind.code in v}
            spots.append(_spot(framework, ind.code, ind.name_th, ind.name_en, True, values))
    return sorted((s for s in spots if s.count), key=lambda s: (s.mean if s.mean is not None else math.inf, s.code))


def _spot(
    framework: Framework, code: str, name_th: str, name_en: str, is_indicator: bool, shares: Mapping[str, float]
) -> WeakSpot:
    scores = {org: framework.component_score(share) for org, share in shares.items()}
    mean = math.fsum(scores.values()) / len(scores) if scores else None
    mark = framework.pass_mark
    below = tuple(sorted(org for org, value in scores.items() if mark is not None and value + EPSILON < mark))
    return WeakSpot(code, name_th, name_en, is_indicator, len(scores), mean, below)


# --- summary ------------------------------------------------------------------------------------------------------


def summary(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """count, mean score, pass rate (among those with a pass decision) and the count per level."""
    scores = [o.score for o in outcomes if o.score is not None]
    decided = [o.passed for o in outcomes if o.passed is not None]
    by_level: dict[str, int] = {}
    for outcome in outcomes:
        if outcome.level:
            by_level[outcome.level] = by_level.get(outcome.level, 0) + 1
    return {
        "count": len(outcomes),
        "mean": round(math.fsum(scores) / len(scores), 2) if scores else None,
        "pass_rate": round(sum(decided) / len(decided), 4) if decided else None,
        "by_level": by_level,
    }

"""Values over periods and the year-end projection (scoring.md §8), computed from one loaded year in memory.

`period_series` slices the year's approved results by period and rolls each slice up the tree with the same rules
as the scorecard (`govkpi.scorecards.rollup.Values`, which calls `govkpi.core.combine`): the value of an organisation
*in* each period (`Point.value`: the children's values of that period only). Beside it, `Point.to_date` is the value
*as of the end of* the period: the same rules over every result up to that end, exactly as the year's value is made
from all of them. So `sum` gives the running total, `last` each child's latest report (a district that skipped Q4
counts with its Q3, as in the year's score), and the last period's `to_date` is the year's value. No query.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from govkpi.core.errors import ScoringError
from govkpi.core.periods import Period, fiscal_year_bounds
from govkpi.core.progress import project_year_end, reaches, sdg_progress
from govkpi.core.scoring import Aggregation, Direction, PeriodValue
from govkpi.plans.models import Criterion, Indicator
from govkpi.scorecards.loading import YearData
from govkpi.scorecards.rollup import Values


@dataclass(frozen=True)
class Point:
    period: Period
    value: float  # in the period: the results of this period only, rolled up
    to_date: float | None = None  # as of the period's end: every result up to it, rolled up (the year's rules)

    def shown(self, aggregation: str) -> float:
        """What a chart draws for the period: the value as of its end for `sum` (running total) and `last` (the
        latest report of each unit), the period's own value for `mean` and `ratio`."""
        if aggregation in (Aggregation.SUM, Aggregation.LAST) and self.to_date is not None:
            return self.to_date
        return self.value


@dataclass(frozen=True)
class Projection:
    value: float
    reaches: bool


def period_series(data: YearData, org_id: int, indicator_ids: Iterable[int]) -> dict[int, list[Point]]:
    """indicator id → the organisation's value in each period that has results, in time order."""
    wanted = set(indicator_ids)
    slices: dict[Period, dict[tuple[int, int], list[PeriodValue]]] = defaultdict(dict)
    for (org, indicator_id), values in data.own.items():
        if indicator_id not in wanted:
            continue
        for pv in values:
            slices[pv.period].setdefault((org, indicator_id), []).append(pv)
    series: dict[int, list[Point]] = {indicator_id: [] for indicator_id in wanted}
    mine = {key: values for key, values in data.own.items() if key[1] in wanted}
    for period in sorted(slices, key=lambda p: p.sort_key):
        values = Values(dataclasses.replace(data, own=slices[period]))
        so_far = {
            key: kept
            for key, results in mine.items()
            if (kept := [pv for pv in results if pv.period.end <= period.end])
        }
        to_date = Values(dataclasses.replace(data, own=so_far))
        for indicator_id in wanted:
            combined = values.get(org_id, indicator_id)
            if combined.value is not None:
                series[indicator_id].append(Point(period, combined.value, to_date.get(org_id, indicator_id).value))
    return series


def projection(points: list[Point], indicator: Indicator, criterion: Criterion, fiscal_year: int) -> Projection | None:
    """The projected year-end value while the reported periods do not yet reach the end of the year."""
    if not points or any(p.period.is_whole_year for p in points):
        return None
    if max(p.period.end for p in points) >= fiscal_year_bounds(fiscal_year)[1]:
        return None
    aggregation = Aggregation(indicator.aggregation)
    # `last`: the latest value as of the period's end (units that skipped the period count with their latest report)
    shown = [p.shown(aggregation) if aggregation is Aggregation.LAST else p.value for p in points]
    if aggregation is Aggregation.RATIO:
        aggregation = Aggregation.LAST  # the rolled-up ratio of the latest period, already × multiplier
    try:
        value = project_year_end(
            [PeriodValue(p.period, v) for p, v in zip(points, shown, strict=True)],
            aggregation,
            indicator.multiplier,
            fiscal_year,
        )
    except ScoringError:  # periods of different lengths overlap once rolled up: no honest projection
        return None
    if value is None:
        return None
    return Projection(value, reaches(value, criterion.thresholds, Direction(indicator.direction)))


def progress(value: float | None, indicator: Indicator, criterion: Criterion, fiscal_year: int) -> str | None:
    """SDG-style progress from the criterion's baseline toward its target (None without a baseline or value)."""
    if value is None or criterion.baseline is None or criterion.baseline_year is None or criterion.target is None:
        return None
    try:
        return str(
            sdg_progress(
                criterion.baseline,
                criterion.baseline_year,
                value,
                fiscal_year,
                criterion.target,
                fiscal_year,
                Direction(indicator.direction),
            )
        )
    except ScoringError:
        return None

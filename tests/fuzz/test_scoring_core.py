"""The scoring core, fed any numbers: a score card whose scores lie between the floor and 5, or a ScoringError with
a code and params, never another exception."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from govkpi.core.combine import Aggregation, PeriodValue, combine_periods
from govkpi.core.periods import Period, PeriodKind
from govkpi.core.scoring import Combined, Direction, IndicatorInput, Policy, ScoringError, score_card

from .conftest import FUZZ

numbers = st.one_of(st.floats(), st.integers(-(10**12), 10**12), st.floats(-1e6, 1e6))
optional = st.one_of(st.none(), numbers)
policies = st.builds(
    Policy,
    interpolation=st.sampled_from(["linear", "step", "cubic"]),
    floor=st.sampled_from([0, 1, 2, True]),
    missing=st.sampled_from(["exclude", "zero", ""]),
    achieved_from=numbers,
    at_risk_from=numbers,
)
indicators = st.builds(
    IndicatorInput,
    code=st.sampled_from(["G01-1", "G01-2", "G02-1", "<b>x</b>"]),
    goal=st.sampled_from(["G01", "G02"]),
    weight=numbers,
    direction=st.sampled_from(list(Direction)),
    thresholds=st.lists(numbers, min_size=0, max_size=6).map(tuple),
    combined=st.builds(Combined, value=optional),
)


@FUZZ
@given(st.lists(indicators, max_size=6), policies)
def test_a_score_card_is_made_or_refused_with_a_code(items: list[IndicatorInput], policy: Policy) -> None:
    try:
        card = score_card(items, policy)
    except ScoringError as error:
        assert error.code and isinstance(error.params, dict)
        return
    for row in card["indicators"]:
        assert row["score"] is None or policy.floor <= row["score"] <= 5
    overall = card["overall"]["score"]
    assert overall is None or math.isfinite(overall)


@st.composite
def period_values(draw: st.DrawFn) -> list[PeriodValue]:
    kind = draw(st.sampled_from(list(PeriodKind)))
    count = draw(st.integers(0, 5))
    return [
        PeriodValue(
            Period(2565, kind, draw(st.integers(1, kind.per_year))), draw(optional), draw(optional), draw(optional)
        )
        for _ in range(count)
    ]


@FUZZ
@given(period_values(), st.sampled_from(list(Aggregation)), numbers)
def test_combining_periods_gives_a_value_or_a_coded_refusal(
    values: list[PeriodValue], aggregation: Aggregation, multiplier: float
) -> None:
    try:
        combined = combine_periods(values, aggregation, multiplier)
    except ScoringError as error:
        assert error.code and isinstance(error.params, dict)
        return
    assert combined.value is None or isinstance(combined.value, float | int)

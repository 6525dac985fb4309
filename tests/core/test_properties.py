"""Properties that must hold for every input, checked with Hypothesis."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govkpi.core.periods import Period, PeriodKind, find_overlaps, parse_period
from govkpi.core.scoring import Direction, Policy, level_score
from govkpi.core.thai import format_number, parse_number, to_arabic_digits, to_thai_digits

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
policies = st.builds(
    Policy,
    interpolation=st.sampled_from(["linear", "step"]),
    floor=st.sampled_from([0, 1]),
    missing=st.sampled_from(["exclude", "zero"]),
)


@st.composite
def criteria(draw: st.DrawFn) -> tuple[Direction, tuple[float, ...]]:
    """A direction and five strictly monotonic thresholds in that direction."""
    values = draw(st.lists(finite, min_size=5, max_size=5, unique=True))
    direction = draw(st.sampled_from(list(Direction)))
    ordered = sorted(values, reverse=direction is Direction.LOWER)
    return direction, tuple(ordered)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    kind = draw(st.sampled_from(list(PeriodKind)))
    return Period(draw(st.integers(2400, 9999)), kind, draw(st.integers(1, kind.per_year)))


@given(criteria(), finite, policies)
def test_the_score_lies_between_the_floor_and_5(
    crit: tuple[Direction, tuple[float, ...]], value: float, policy: Policy
) -> None:
    direction, thresholds = crit
    assert policy.floor <= level_score(value, thresholds, direction, policy) <= 5


@given(criteria(), finite, finite, policies)
def test_the_score_never_falls_as_the_value_improves(
    crit: tuple[Direction, tuple[float, ...]], a: float, b: float, policy: Policy
) -> None:
    direction, thresholds = crit
    worse, better = sorted((a, b), reverse=direction is Direction.LOWER)
    assert level_score(worse, thresholds, direction, policy) <= level_score(better, thresholds, direction, policy)


@given(criteria(), policies)
def test_a_value_on_threshold_k_scores_exactly_k(crit: tuple[Direction, tuple[float, ...]], policy: Policy) -> None:
    direction, thresholds = crit
    for k, threshold in enumerate(thresholds, start=1):
        assert level_score(threshold, thresholds, direction, policy) == k


@given(periods())
def test_a_period_code_parses_back_to_the_period(period: Period) -> None:
    assert parse_period(period.code) == period
    assert parse_period(to_thai_digits(period.code).lower()) == period
    assert period.start <= period.end
    assert Period(period.fiscal_year, PeriodKind.YEAR).contains(period)


@given(st.lists(periods(), max_size=25))
def test_find_overlaps_agrees_with_checking_every_pair(items: list[Period]) -> None:
    subs = [p for p in items if not p.is_whole_year]
    expected = sorted(sorted((a.code, b.code)) for i, a in enumerate(subs) for b in subs[i + 1 :] if a.overlaps(b))
    found = sorted(sorted((a.code, b.code)) for a, b in find_overlaps(items))
    assert found == expected


@given(st.text())
def test_thai_and_arabic_digits_round_trip(text: str) -> None:
    arabic = to_arabic_digits(text)
    assert to_arabic_digits(to_thai_digits(arabic)) == arabic
    thai = to_thai_digits(text)
    assert to_thai_digits(to_arabic_digits(thai)) == thai


@given(finite, st.integers(0, 6), st.sampled_from(["arabic", "thai"]), st.booleans())
def test_a_formatted_number_parses_back(value: float, decimals: int, digits: str, grouping: bool) -> None:
    text = format_number(value, decimals, digits=digits, grouping=grouping)
    assert parse_number(text) == pytest.approx(value, abs=0.5 * 10**-decimals + 1e-9)

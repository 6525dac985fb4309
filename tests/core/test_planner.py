"""What it takes (issue 18): the five-level score run backwards, what the remaining periods must bring, and the
score gained per unit of improvement (govkpi.core.planner)."""

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from govkpi.core.planner import Needed, band_slope, needed_value, remaining_for, weight_share
from govkpi.core.scoring import Aggregation, Direction, Policy, ScoringError, level_score

HIGHER = (60.0, 70.0, 80.0, 90.0, 100.0)
LOWER = (20.0, 15.0, 10.0, 5.0, 0.0)
DEFAULT = Policy()
STEP = Policy(interpolation="step")


# --- needed: the worked examples ----------------------------------------------------------------------------------


def test_the_default_achieved_from_needs_level_3_threshold() -> None:
    assert needed_value(3.0, HIGHER, Direction.HIGHER, DEFAULT) == Needed(80.0)
    assert needed_value(3.0, LOWER, Direction.LOWER, DEFAULT) == Needed(10.0)


@pytest.mark.parametrize(("score", "value"), [(3.5, 85.0), (1.0, 60.0), (0.5, 60.0), (5.0, 100.0), (4.25, 92.5)])
def test_linear_interpolates_inside_the_band(score: float, value: float) -> None:
    assert needed_value(score, HIGHER, Direction.HIGHER, DEFAULT).value == pytest.approx(value)


def test_lower_is_better_is_the_mirror_image() -> None:
    needed = needed_value(2.6, LOWER, Direction.LOWER, DEFAULT).value
    assert needed == pytest.approx(12.0)
    assert level_score(needed, LOWER, Direction.LOWER, DEFAULT) >= 2.6
    assert level_score(math.nextafter(needed, math.inf), LOWER, Direction.LOWER, DEFAULT) < 2.6


@pytest.mark.parametrize(("score", "value"), [(3.5, 90.0), (3.0, 80.0), (2.01, 80.0), (0.5, 60.0), (5.0, 100.0)])
def test_step_needs_the_next_whole_level(score: float, value: float) -> None:
    assert needed_value(score, HIGHER, Direction.HIGHER, STEP) == Needed(value)


def test_step_lower_is_better() -> None:
    assert needed_value(3.5, LOWER, Direction.LOWER, STEP) == Needed(5.0)


def test_a_score_at_or_below_the_floor_is_always_reached() -> None:
    assert needed_value(0.0, HIGHER, Direction.HIGHER, DEFAULT) == Needed(None, "always_reached")
    assert needed_value(1.0, HIGHER, Direction.HIGHER, Policy(floor=1)) == Needed(None, "always_reached")
    assert needed_value(1.5, HIGHER, Direction.HIGHER, Policy(floor=1)) == Needed(pytest.approx(65.0))


def test_a_score_above_5_is_unreachable() -> None:
    assert needed_value(5.01, HIGHER, Direction.HIGHER, DEFAULT) == Needed(None, "unreachable")


def test_bad_thresholds_and_policy_are_errors() -> None:
    with pytest.raises(ScoringError):
        needed_value(3.0, (1, 2, 3, 4), Direction.HIGHER, DEFAULT)
    with pytest.raises(ScoringError):
        needed_value(3.0, LOWER, Direction.HIGHER, DEFAULT)
    with pytest.raises(ScoringError):
        needed_value(3.0, HIGHER, Direction.HIGHER, Policy(interpolation="cubic"))
    with pytest.raises(ScoringError):
        needed_value(math.nan, HIGHER, Direction.HIGHER, DEFAULT)


# --- needed: the property -----------------------------------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def criteria(draw: st.DrawFn) -> tuple[tuple[float, ...], Direction]:
    values = sorted(set(draw(st.lists(finite, min_size=5, max_size=5, unique=True))))
    assume(len(values) == 5 and all(b - a > 1e-6 for a, b in zip(values, values[1:], strict=False)))
    direction = draw(st.sampled_from(list(Direction)))
    return (tuple(values) if direction is Direction.HIGHER else tuple(reversed(values))), direction


@settings(max_examples=400, deadline=None)
@given(
    criteria(),
    st.sampled_from(["linear", "step"]),
    st.sampled_from([0, 1]),
    st.floats(min_value=-1, max_value=6, allow_nan=False),
)
def test_needed_just_reaches_the_score(
    crit: tuple[tuple[float, ...], Direction], interpolation: str, floor: int, target: float
) -> None:
    thresholds, direction = crit
    policy = Policy(interpolation=interpolation, floor=floor, achieved_from=max(target, 0), at_risk_from=-1)
    result = needed_value(target, thresholds, direction, policy)
    if target <= floor:
        assert result == Needed(None, "always_reached")
        return
    if target > 5:
        assert result == Needed(None, "unreachable")
        return
    needed = result.value
    assert needed is not None and result.reason is None
    assert level_score(needed, thresholds, direction, policy) >= target
    worse = math.nextafter(needed, -math.inf if direction is Direction.HIGHER else math.inf)
    assert level_score(worse, thresholds, direction, policy) < target
    far_worse = needed - 1 if direction is Direction.HIGHER else needed + 1
    assert level_score(far_worse, thresholds, direction, policy) < target


# --- remaining ----------------------------------------------------------------------------------------------------


def test_sum_needs_the_remainder_and_never_less_than_nothing() -> None:
    assert remaining_for(Aggregation.SUM, 100.0, 60.0, 2, 2) == 40.0
    assert remaining_for(Aggregation.SUM, 100.0, 120.0, 2, 2) == 0.0
    assert remaining_for(Aggregation.SUM, 100.0, None, 0, 4) == 100.0
    assert remaining_for(Aggregation.SUM, 100.0, 60.0, 4, 0) == 40.0


def test_mean_needs_the_average_of_the_remaining_periods() -> None:
    # two quarters averaged 70; the year mean must be 80: the last two quarters must average 90
    assert remaining_for(Aggregation.MEAN, 80.0, 70.0, 2, 2) == 90.0
    assert remaining_for(Aggregation.MEAN, 80.0, 70.0, 3, 1) == 110.0
    assert remaining_for(Aggregation.MEAN, 80.0, None, 2, 2) == 80.0
    assert remaining_for(Aggregation.MEAN, 80.0, 70.0, 4, 0) is None


@pytest.mark.parametrize("aggregation", [Aggregation.LAST, Aggregation.RATIO])
def test_last_and_ratio_need_the_value_itself(aggregation: Aggregation) -> None:
    assert remaining_for(aggregation, 80.0, 70.0, 2, 2) == 80.0
    assert remaining_for(aggregation, 80.0, None, 0, 0) == 80.0


# --- gain per unit ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "slope"), [(59.9, 0.0), (60.0, 0.1), (85.0, 0.1), (100.0, 0.0), (130.0, 0.0)])
def test_band_slope_higher(value: float, slope: float) -> None:
    assert band_slope(value, HIGHER, Direction.HIGHER) == pytest.approx(slope)


def test_band_slope_follows_the_width_of_each_band() -> None:
    thresholds = (0.0, 10.0, 30.0, 70.0, 150.0)
    assert band_slope(5.0, thresholds, Direction.HIGHER) == pytest.approx(0.1)
    assert band_slope(40.0, thresholds, Direction.HIGHER) == pytest.approx(1 / 40)
    assert band_slope(12.0, LOWER, Direction.LOWER) == pytest.approx(0.2)
    assert band_slope(21.0, LOWER, Direction.LOWER) == 0.0
    assert band_slope(0.0, LOWER, Direction.LOWER) == 0.0


def test_weight_share_divides_by_what_the_overall_score_divides_by() -> None:
    assert weight_share(5, 10, 20, DEFAULT) == 0.5
    assert weight_share(5, 10, 20, Policy(missing="zero")) == 0.25
    assert weight_share(5, 0, 0, DEFAULT) == 0.0


# --- assessment frameworks ----------------------------------------------------------------------------------------


def test_each_ita_tool_alone_needs_the_gap_to_aa():
    from govkpi.core.frameworks import load_framework
    from govkpi.core.planner import framework_gaps

    ita = load_framework("ita", 2565)
    gaps = framework_gaps(ita, {"IIT": 24, "EIT": 29, "OIT": 39})  # 92: A, AA from 95
    assert (gaps["level"], gaps["next_level"], gaps["next_from"]) == ("A", "AA", 95)
    assert gaps["score"] == pytest.approx(92)
    rows = {row["component"]: row for row in gaps["components"]}
    assert rows["IIT"]["points_needed"] == pytest.approx(3) and rows["IIT"]["reachable"] is True
    assert rows["EIT"]["points_needed"] == pytest.approx(3) and rows["EIT"]["reachable"] is False  # 29 + 3 > 30
    assert rows["OIT"]["value"] == pytest.approx(39) and rows["OIT"]["max"] == 40 and not rows["OIT"]["reachable"]


def test_the_top_level_needs_nothing_and_a_missing_component_gives_no_answer():
    from govkpi.core.frameworks import load_framework
    from govkpi.core.planner import framework_gaps

    ita = load_framework("ita", 2565)
    top = framework_gaps(ita, {"IIT": 29.85, "EIT": 29.3, "OIT": 40})
    assert top["level"] == "AA" and top["next_level"] is None
    assert all(row["points_needed"] is None for row in top["components"])
    assert framework_gaps(ita, {"IIT": 28, "EIT": 27}) is None


def test_rounding_that_scores_a_range_alike_is_followed_to_its_first_value():
    # 2 + (v + 1) / 1 rounds to 3.0 for v just below 0: the first value that scores 3 lies below the threshold
    thresholds = (-2.0, -1.0, 0.0, 1.0, 2.0)
    needed = needed_value(3.0, thresholds, Direction.HIGHER, DEFAULT).value
    assert needed is not None and needed <= 0.0
    assert level_score(needed, thresholds, Direction.HIGHER, DEFAULT) >= 3.0
    assert level_score(math.nextafter(needed, -math.inf), thresholds, Direction.HIGHER, DEFAULT) < 3.0

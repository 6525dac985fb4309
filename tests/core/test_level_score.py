"""§3 five-level score and §5 status (scoring.md)."""

import pytest

from govkpi.core.scoring import (
    Direction,
    Policy,
    ScoringError,
    Status,
    check_thresholds,
    level_score,
    status_for,
)

HIGHER = (60.0, 70.0, 80.0, 90.0, 100.0)
LOWER = (20.0, 15.0, 10.0, 5.0, 0.0)  # e.g. a death rate
DEFAULT = Policy()


# --- the worked examples of §3: exact values ----------------------------------------------------------------------


@pytest.mark.parametrize(("value", "score"), [(85, 3.5), (100, 5), (59.9, 0), (60, 1)])
def test_worked_example_higher_is_better(value: float, score: float) -> None:
    assert level_score(value, HIGHER, Direction.HIGHER, DEFAULT) == score


@pytest.mark.parametrize(("value", "score"), [(12, 2.6), (10, 3), (25, 0), (0, 5)])
def test_worked_example_lower_is_better(value: float, score: float) -> None:
    assert level_score(value, LOWER, Direction.LOWER, DEFAULT) == score


# --- the rules ----------------------------------------------------------------------------------------------------


def test_at_or_above_the_top_threshold_scores_5() -> None:
    assert level_score(100.0, HIGHER, Direction.HIGHER, DEFAULT) == 5
    assert level_score(250.0, HIGHER, Direction.HIGHER, DEFAULT) == 5
    assert level_score(-3.0, LOWER, Direction.LOWER, DEFAULT) == 5


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_a_value_exactly_on_threshold_k_scores_exactly_k(k: int) -> None:
    assert level_score(HIGHER[k - 1], HIGHER, Direction.HIGHER, DEFAULT) == k
    assert level_score(LOWER[k - 1], LOWER, Direction.LOWER, DEFAULT) == k


def test_linear_interpolation_between_thresholds() -> None:
    assert level_score(62.5, HIGHER, Direction.HIGHER, DEFAULT) == 1.25
    assert level_score(99.0, HIGHER, Direction.HIGHER, DEFAULT) == pytest.approx(4.9)
    assert level_score(17.5, LOWER, Direction.LOWER, DEFAULT) == 1.5
    assert level_score(1.0, LOWER, Direction.LOWER, DEFAULT) == pytest.approx(4.8)


def test_uneven_thresholds_interpolate_within_their_own_band() -> None:
    assert level_score(15, (0, 10, 20, 50, 100), Direction.HIGHER, DEFAULT) == 2.5
    assert level_score(35, (0, 10, 20, 50, 100), Direction.HIGHER, DEFAULT) == 3.5


def test_step_interpolation_gives_the_level_reached() -> None:
    step = Policy(interpolation="step")
    assert level_score(85, HIGHER, Direction.HIGHER, step) == 3
    assert level_score(89.99, HIGHER, Direction.HIGHER, step) == 3
    assert level_score(90, HIGHER, Direction.HIGHER, step) == 4
    assert level_score(12, LOWER, Direction.LOWER, step) == 2
    assert level_score(59.9, HIGHER, Direction.HIGHER, step) == 0


def test_below_level_1_scores_the_policy_floor() -> None:
    assert level_score(59.9, HIGHER, Direction.HIGHER, DEFAULT) == 0
    assert level_score(59.9, HIGHER, Direction.HIGHER, Policy(floor=1)) == 1
    assert level_score(25, LOWER, Direction.LOWER, Policy(floor=1)) == 1
    assert level_score(-1e9, HIGHER, Direction.HIGHER, Policy(floor=1, interpolation="step")) == 1


def test_the_floor_does_not_change_scores_from_level_1_up() -> None:
    assert level_score(65, HIGHER, Direction.HIGHER, Policy(floor=1)) == 1.5


def test_it_rejects_a_non_finite_value() -> None:
    with pytest.raises(ScoringError) as caught:
        level_score(float("nan"), HIGHER, Direction.HIGHER, DEFAULT)
    assert caught.value.code == "invalid_number"


def test_it_accepts_direction_as_text() -> None:
    assert level_score(12, LOWER, "lower_is_better", DEFAULT) == pytest.approx(2.6)  # type: ignore[arg-type]


# --- thresholds ---------------------------------------------------------------------------------------------------


def test_valid_thresholds_pass() -> None:
    check_thresholds(HIGHER, Direction.HIGHER)
    check_thresholds(LOWER, Direction.LOWER)


@pytest.mark.parametrize("thresholds", [(), (1, 2, 3, 4), (1, 2, 3, 4, 5, 6)])
def test_exactly_five_thresholds_are_needed(thresholds: tuple[float, ...]) -> None:
    with pytest.raises(ScoringError) as caught:
        check_thresholds(thresholds, Direction.HIGHER)
    assert caught.value.code == "thresholds_count"


def test_higher_is_better_thresholds_must_strictly_increase() -> None:
    with pytest.raises(ScoringError) as caught:
        check_thresholds((60, 70, 70, 90, 100), Direction.HIGHER)
    assert caught.value.code == "thresholds_not_monotonic"
    assert caught.value.params == {"direction": "higher_is_better", "level": 2, "first": 70, "second": 70}


def test_lower_is_better_thresholds_must_strictly_decrease() -> None:
    with pytest.raises(ScoringError) as caught:
        check_thresholds(HIGHER, Direction.LOWER)
    assert caught.value.code == "thresholds_not_monotonic"
    assert caught.value.params["level"] == 1
    with pytest.raises(ScoringError) as caught:
        check_thresholds((20, 15, 10, 12, 0), Direction.LOWER)
    assert caught.value.params == {"direction": "lower_is_better", "level": 3, "first": 10, "second": 12}


def test_thresholds_must_be_finite() -> None:
    with pytest.raises(ScoringError) as caught:
        check_thresholds((60, 70, 80, 90, float("inf")), Direction.HIGHER)
    assert caught.value.code == "invalid_number"


def test_level_score_checks_the_thresholds() -> None:
    with pytest.raises(ScoringError):
        level_score(85, LOWER, Direction.HIGHER, DEFAULT)


# --- §5 status ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "status"),
    [
        (5.0, Status.ACHIEVED),
        (3.0, Status.ACHIEVED),
        (2.999, Status.AT_RISK),
        (2.0, Status.AT_RISK),
        (1.999, Status.NOT_ACHIEVED),
        (0.0, Status.NOT_ACHIEVED),
        (None, Status.NO_DATA),
    ],
)
def test_default_status_cut_offs(score: float | None, status: Status) -> None:
    assert status_for(score, DEFAULT) == status


def test_custom_status_cut_offs() -> None:
    strict = Policy(achieved_from=4.0, at_risk_from=3.5)
    assert status_for(4.0, strict) == Status.ACHIEVED
    assert status_for(3.9, strict) == Status.AT_RISK
    assert status_for(3.0, strict) == Status.NOT_ACHIEVED
    assert status_for(None, strict) == Status.NO_DATA


def test_status_values_are_the_contract_words() -> None:
    assert [s.value for s in Status] == ["achieved", "at_risk", "not_achieved", "no_data"]
    assert [d.value for d in Direction] == ["higher_is_better", "lower_is_better"]

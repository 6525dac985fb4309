"""§4 composite scores and coverage, §7 the score object."""

import json

import pytest

from govkpi.core.scoring import (
    Combined,
    Direction,
    IndicatorInput,
    Policy,
    ScoringError,
    composite,
    score_card,
)

HIGHER = (60.0, 70.0, 80.0, 90.0, 100.0)
LOWER = (20.0, 15.0, 10.0, 5.0, 0.0)


def indicator(code: str, goal: str, weight: float, value: float | None, lower: bool = False) -> IndicatorInput:
    return IndicatorInput(
        code=code,
        goal=goal,
        weight=weight,
        direction=Direction.LOWER if lower else Direction.HIGHER,
        thresholds=LOWER if lower else HIGHER,
        combined=Combined(value, None, None, None if value is None else "own"),
    )


# G02-1 scores 3.5 (w 5), G02-2 scores 2.6 (w 10), G01-1 scores 5 (w 5), G01-2 has no value (w 5)
CARD = [
    indicator("G02-1", "G02", 5, 85),
    indicator("G02-2", "G02", 10, 12, lower=True),
    indicator("G01-1", "G01", 5, 100),
    indicator("G01-2", "G01", 5, None),
]


# --- composite ----------------------------------------------------------------------------------------------------


def test_composite_is_the_weighted_mean_of_scored_items() -> None:
    score, coverage = composite([(5, 3.5), (10, 2.6)], Policy())
    assert score == pytest.approx((5 * 3.5 + 10 * 2.6) / 15)
    assert coverage == 1.0


def test_composite_excludes_unscored_items_by_default_and_reports_coverage() -> None:
    score, coverage = composite([(5, 5.0), (5, None)], Policy())
    assert score == 5.0
    assert coverage == 0.5


def test_composite_missing_zero_counts_unscored_items_as_0() -> None:
    score, coverage = composite([(5, 5.0), (15, None)], Policy(missing="zero"))
    assert score == 1.25
    assert coverage == 0.25


@pytest.mark.parametrize("policy", [Policy(), Policy(missing="zero")])
def test_composite_without_scores_has_no_score_and_no_coverage(policy: Policy) -> None:
    assert composite([(5, None), (3, None)], policy) == (None, 0.0)
    assert composite([], policy) == (None, 0.0)


@pytest.mark.parametrize("weight", [0, -1, float("nan")])
def test_composite_rejects_weights_that_are_not_positive(weight: float) -> None:
    with pytest.raises(ScoringError) as caught:
        composite([(weight, 3.0)], Policy())
    assert caught.value.code == "invalid_number"


# --- score_card ---------------------------------------------------------------------------------------------------


def test_the_card_has_the_contract_keys() -> None:
    card = score_card(CARD, Policy())
    assert set(card) == {"policy", "overall", "goals", "indicators"}
    assert card["policy"] == Policy().as_dict()
    assert set(card["overall"]) == {"score", "coverage", "status"}
    assert all(set(goal) == {"code", "score", "coverage", "status"} for goal in card["goals"])
    assert all(
        set(row) == {"code", "goal", "weight", "value", "score", "status", "source"} for row in card["indicators"]
    )
    json.dumps(card)  # machine output: plain JSON types


def test_indicators_are_scored_in_input_order() -> None:
    rows = score_card(CARD, Policy())["indicators"]
    assert [r["code"] for r in rows] == ["G02-1", "G02-2", "G01-1", "G01-2"]
    assert [r["score"] for r in rows] == [3.5, 2.6, 5.0, None]
    assert [r["status"] for r in rows] == ["achieved", "at_risk", "achieved", "no_data"]
    assert [r["source"] for r in rows] == ["own", "own", "own", None]
    assert rows[0] == {
        "code": "G02-1",
        "goal": "G02",
        "weight": 5,
        "value": 85,
        "score": 3.5,
        "status": "achieved",
        "source": "own",
    }


def test_goal_scores_are_weighted_means_of_their_indicators() -> None:
    goals = score_card(CARD, Policy())["goals"]
    assert [g["code"] for g in goals] == ["G01", "G02"]  # by code by default
    g01, g02 = goals
    assert g01 == {"code": "G01", "score": 5.0, "coverage": 0.5, "status": "achieved"}
    assert g02["score"] == pytest.approx((5 * 3.5 + 10 * 2.6) / 15)
    assert g02["coverage"] == 1.0
    assert g02["status"] == "at_risk"


def test_overall_is_a_weighted_mean_of_indicators_not_of_goals() -> None:
    overall = score_card(CARD, Policy())["overall"]
    assert overall["score"] == pytest.approx((5 * 3.5 + 10 * 2.6 + 5 * 5) / 20)  # 3.425
    mean_of_goals = (5.0 + (5 * 3.5 + 10 * 2.6) / 15) / 2
    assert overall["score"] != pytest.approx(mean_of_goals)
    assert overall["coverage"] == 0.8
    assert overall["status"] == "achieved"


def test_missing_zero_pulls_composites_down_but_coverage_is_still_the_share_with_data() -> None:
    card = score_card(CARD, Policy(missing="zero"))
    assert card["policy"]["missing"] == "zero"
    assert card["overall"]["score"] == pytest.approx((5 * 3.5 + 10 * 2.6 + 5 * 5) / 25)  # 2.74
    assert card["overall"]["coverage"] == 0.8
    assert card["overall"]["status"] == "at_risk"
    assert card["goals"][0] == {"code": "G01", "score": 2.5, "coverage": 0.5, "status": "at_risk"}
    assert card["indicators"][3]["score"] is None  # the indicator itself still has no score


def test_the_policy_reaches_every_indicator() -> None:
    card = score_card(CARD, Policy(interpolation="step", achieved_from=3.5, at_risk_from=2.5))
    assert [r["score"] for r in card["indicators"]] == [3.0, 2.0, 5.0, None]
    assert [r["status"] for r in card["indicators"]] == ["at_risk", "not_achieved", "achieved", "no_data"]


def test_the_floor_reaches_every_indicator() -> None:
    card = score_card([indicator("G01-1", "G01", 1, 10)], Policy(floor=1))
    assert card["indicators"][0]["score"] == 1.0
    assert card["overall"]["score"] == 1.0


def test_goal_order_is_followed_with_unlisted_goals_after_by_code() -> None:
    cards = [indicator("A-1", "GA", 1, 80), *CARD]
    goals = score_card(cards, Policy(), goal_order=["G02", "G09"])["goals"]
    assert [g["code"] for g in goals] == ["G02", "G01", "GA"]


def test_a_card_without_any_value_has_no_data() -> None:
    card = score_card([indicator("G01-1", "G01", 5, None)], Policy())
    assert card["overall"] == {"score": None, "coverage": 0.0, "status": "no_data"}
    assert card["goals"] == [{"code": "G01", "score": None, "coverage": 0.0, "status": "no_data"}]


def test_an_empty_card() -> None:
    card = score_card([], Policy())
    assert card["overall"] == {"score": None, "coverage": 0.0, "status": "no_data"}
    assert card["goals"] == [] and card["indicators"] == []


def test_a_card_checks_its_inputs() -> None:
    with pytest.raises(ScoringError) as caught:
        score_card([CARD[0], CARD[0]], Policy())
    assert caught.value.code == "duplicate_indicator"
    with pytest.raises(ScoringError) as caught:
        score_card(CARD, Policy(floor=3))
    assert caught.value.code == "invalid_policy"
    bad = IndicatorInput("X", "G01", 1, Direction.HIGHER, LOWER, Combined(None, None, None, None))
    with pytest.raises(ScoringError) as caught:
        score_card([bad], Policy())  # even without a value, criteria must be valid
    assert caught.value.code == "thresholds_not_monotonic"

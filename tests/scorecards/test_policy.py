"""The scoring policy of each fiscal year (scoring.md §3–§5) reaches the scorecard."""

import pytest

from govkpi.scorecards.services import score_org

from .builders import make_criterion, make_policy, make_result

pytestmark = pytest.mark.django_db


def _scores(card):
    return {row["code"]: row["score"] for row in card["indicators"]}


def test_a_year_without_a_policy_row_uses_the_defaults(phrae):
    card = score_org(2565, phrae.orgs["54"])
    assert card["policy"] == {
        "interpolation": "linear",
        "floor": 0,
        "missing": "exclude",
        "achieved_from": 3.0,
        "at_risk_from": 2.0,
    }
    assert _scores(card)["G01-1"] == 3.5


def test_step_interpolation_gives_whole_levels(phrae):
    make_policy(2565, interpolation="step")
    scores = _scores(score_org(2565, phrae.orgs["54"]))
    assert scores == {"G01-1": 3, "G01-2": 2, "G02-1": 2}


def test_floor_one_scores_values_below_level_one_as_one(phrae):
    make_policy(2565, floor=1)
    phrae.indicators["G01-1"].results.update(value=10)
    assert _scores(score_org(2565, phrae.orgs["54"]))["G01-1"] == 1


def test_missing_zero_counts_indicators_without_value_as_zero(phrae):
    phrae.indicators["G02-1"].results.all().delete()
    excluded = score_org(2565, phrae.orgs["54"])["overall"]
    assert excluded["score"] == pytest.approx((5 * 3.5 + 3 * 2.5) / 8)
    assert excluded["coverage"] == pytest.approx(0.8)
    make_policy(2565, missing="zero")
    zero = score_org(2565, phrae.orgs["54"])["overall"]
    assert zero["score"] == pytest.approx((5 * 3.5 + 3 * 2.5) / 10)
    assert zero["coverage"] == pytest.approx(0.8)


def test_each_year_has_its_own_policy(phrae):
    make_policy(2566, interpolation="step", achieved_from=4, at_risk_from=3)
    make_criterion(2566, phrae.indicators["G01-1"])
    make_result(phrae.indicators["G01-1"], phrae.orgs["54"], "2566", 85)
    assert score_org(2565, phrae.orgs["54"])["goals"][0]["status"] == "achieved"
    card = score_org(2566, phrae.orgs["54"])
    assert (card["indicators"][0]["score"], card["indicators"][0]["status"]) == (3, "at_risk")
    assert card["policy"]["interpolation"] == "step"


def test_statuses_follow_the_thresholds_of_the_policy(phrae):
    card = score_org(2565, phrae.orgs["54"])
    assert {row["code"]: row["status"] for row in card["indicators"]} == {
        "G01-1": "achieved",
        "G01-2": "at_risk",
        "G02-1": "at_risk",
    }
    phrae.indicators["G01-1"].results.update(value=1)
    assert score_org(2565, phrae.orgs["54"])["indicators"][0]["status"] == "not_achieved"

"""The per-year scoring policy (scoring.md: every *policy* choice)."""

import json

import pytest

from govkpi.core.scoring import Policy, ScoringError


def test_defaults_are_those_of_scoring_md() -> None:
    assert Policy().as_dict() == {
        "interpolation": "linear",
        "floor": 0,
        "missing": "exclude",
        "achieved_from": 3.0,
        "at_risk_from": 2.0,
    }


def test_as_dict_matches_the_json_contract() -> None:
    assert json.dumps(Policy().as_dict()) == (
        '{"interpolation": "linear", "floor": 0, "missing": "exclude", "achieved_from": 3.0, "at_risk_from": 2.0}'
    )


def test_as_dict_carries_every_choice() -> None:
    policy = Policy(interpolation="step", floor=1, missing="zero", achieved_from=4.0, at_risk_from=2.5)
    assert policy.as_dict() == {
        "interpolation": "step",
        "floor": 1,
        "missing": "zero",
        "achieved_from": 4.0,
        "at_risk_from": 2.5,
    }


def test_valid_policies_validate() -> None:
    for policy in [Policy(), Policy(interpolation="step", floor=1, missing="zero"), Policy(achieved_from=2.0)]:
        assert policy.validate() is policy


@pytest.mark.parametrize(
    ("policy", "field"),
    [
        (Policy(interpolation="cubic"), "interpolation"),
        (Policy(floor=0.5), "floor"),
        (Policy(floor=2), "floor"),
        (Policy(floor=True), "floor"),
        (Policy(missing="ignore"), "missing"),
        (Policy(achieved_from=float("nan")), "achieved_from"),
        (Policy(at_risk_from=3.5), "at_risk_from"),
    ],
)
def test_bad_values_are_rejected_naming_the_field(policy: Policy, field: str) -> None:
    with pytest.raises(ScoringError) as caught:
        policy.validate()
    assert caught.value.code == "invalid_policy"
    assert caught.value.params["field"] == field


def test_policy_is_a_frozen_value() -> None:
    assert Policy(floor=1) == Policy(floor=1)
    with pytest.raises(AttributeError):
        Policy().floor = 1  # type: ignore[misc]


def test_min_coverage_defaults_to_no_minimum_and_stays_out_of_the_contract() -> None:
    assert Policy().min_coverage == 0
    assert "min_coverage" not in Policy().as_dict()
    assert Policy(min_coverage=0.5).as_dict()["min_coverage"] == 0.5


@pytest.mark.parametrize("value", [0, 0.25, 1, 1.0])
def test_min_coverage_is_a_share_from_0_to_1(value) -> None:
    assert Policy(min_coverage=value).validate().min_coverage == value


@pytest.mark.parametrize("value", [-0.1, 1.01, 50, float("nan"), float("inf"), True, "0.5", None])
def test_min_coverage_outside_0_to_1_is_invalid(value) -> None:
    with pytest.raises(ScoringError) as caught:
        Policy(min_coverage=value).validate()
    assert caught.value.code == "invalid_policy"
    assert caught.value.params["field"] == "min_coverage"


def test_a_score_is_ranked_when_its_coverage_reaches_the_minimum() -> None:
    assert Policy().ranked(0.01) and Policy().ranked(None)  # no minimum: every score ranks
    policy = Policy(min_coverage=0.5)
    assert policy.ranked(0.5) and policy.ranked(1.0)
    assert not policy.ranked(0.49) and not policy.ranked(0.0) and not policy.ranked(None)


def test_a_coverage_short_of_the_minimum_only_by_rounding_reaches_it() -> None:
    assert Policy(min_coverage=0.3).ranked(0.1 + 0.2 - 1e-12)
    assert not Policy(min_coverage=0.3).ranked(0.2999)

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

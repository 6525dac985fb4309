"""A scoring policy is checked by the core's rules (`Policy.validate`); an error names the field at fault."""

import math

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from govkpi.plans.models import ScoringPolicy


def errors_of(**fields):
    policy = ScoringPolicy(fiscal_year=2565, **fields)
    with pytest.raises(ValidationError) as caught:
        policy.clean()
    return caught.value.message_dict


def test_a_valid_policy_passes():
    ScoringPolicy(fiscal_year=2565, interpolation="step", floor=1.0, missing="zero").clean()
    ScoringPolicy(fiscal_year=2565, achieved_from=3.0, at_risk_from=3.0).clean()


def test_at_risk_above_achieved_keeps_its_message_on_the_field():
    with translation.override("en"):
        assert errors_of(achieved_from=2.0, at_risk_from=2.5) == {
            "at_risk_from": ["'At risk from' must not be above 'achieved from'."]
        }


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"interpolation": "cubic"}, "interpolation"),
        ({"floor": 0.5}, "floor"),
        ({"missing": "guess"}, "missing"),
        ({"achieved_from": math.inf}, "achieved_from"),
        ({"at_risk_from": math.nan}, "at_risk_from"),
    ],
)
def test_a_bad_value_is_an_error_of_its_field(fields, field):
    errors = errors_of(**fields)
    assert list(errors) == [field]
    assert "above" not in errors[field][0]


def test_the_message_is_in_thai():
    with translation.override("th"):
        assert errors_of(achieved_from=2.0, at_risk_from=2.5)["at_risk_from"] == [
            "เกณฑ์ 'เสี่ยงตั้งแต่' ต้องไม่สูงกว่า 'บรรลุตั้งแต่'"
        ]
        assert errors_of(floor=0.5)["floor"] == ["คะแนนเมื่อต่ำกว่าระดับ 1 ต้องเป็น 0 หรือ 1"]


def test_full_clean_reports_the_policy_error_with_the_field_errors():
    policy = ScoringPolicy(fiscal_year=2565, achieved_from=2.0, at_risk_from=2.5)
    with pytest.raises(ValidationError) as caught:
        policy.full_clean(validate_unique=False)
    assert "at_risk_from" in caught.value.message_dict

import pytest
from django.core.exceptions import ValidationError

from tests.results.helpers import draft


def errors_of(world, **kwargs):
    with pytest.raises(ValidationError) as error:
        draft(world, **kwargs)
    return error.value.message_dict


def test_a_value_is_required(world):
    assert "value" in errors_of(world, value=None)


def test_the_indicator_range_is_enforced(world):
    assert "value" in errors_of(world, value=100.5)
    assert "value" in errors_of(world, value=-1.0)
    assert draft(world, value=100.0).value == 100.0


def test_a_ratio_needs_a_positive_denominator_and_a_numerator_not_above_it(world):
    assert "denominator" in errors_of(world, indicator=world.ratio, value=None, numerator=5.0, denominator=0.0)
    assert "numerator" in errors_of(world, indicator=world.ratio, value=None, numerator=12.0, denominator=10.0)
    assert "numerator" in errors_of(world, indicator=world.ratio, value=None, denominator=10.0)
    result = draft(world, indicator=world.ratio, value=None, numerator=3.0, denominator=4.0)
    assert result.value == pytest.approx(75.0)


def test_a_ratio_value_must_agree_with_its_parts(world):
    assert "value" in errors_of(world, indicator=world.ratio, value=50.0, numerator=3.0, denominator=4.0)


def test_the_period_must_be_a_period_code(world):
    assert "period" in errors_of(world, period="Q1/2565")


def test_a_big_jump_from_the_previous_period_asks_for_confirmation_with_a_note(world):
    draft(world, period="2565-Q1", value=20.0)
    assert "confirm_jump" in errors_of(world, period="2565-Q2", value=80.0)
    assert "confirm_jump" in errors_of(world, period="2565-Q2", value=80.0, confirm_jump=True)  # no note
    result = draft(world, period="2565-Q2", value=80.0, confirm_jump=True, note="โครงการใหม่เริ่มแล้ว")
    assert result.value == 80.0


def test_a_moderate_change_needs_no_confirmation(world):
    draft(world, period="2565-Q1", value=20.0)
    assert draft(world, period="2565-Q2", value=50.0).value == 50.0

"""The plans choices carry the core enums' values, every one of them and no other."""

import pytest

from govkpi.core.combine import Aggregation as CoreAggregation
from govkpi.core.periods import PeriodKind
from govkpi.core.scoring import Direction as CoreDirection
from govkpi.core.scoring import Interpolation as CoreInterpolation
from govkpi.core.scoring import Missing as CoreMissing
from govkpi.plans.choices import Aggregation, Direction, Interpolation, Missing, PeriodType


@pytest.mark.parametrize(
    ("choices", "core"),
    [
        (Direction, CoreDirection),
        (Aggregation, CoreAggregation),
        (PeriodType, PeriodKind),
        (Interpolation, CoreInterpolation),
        (Missing, CoreMissing),
    ],
    ids=lambda kind: kind.__name__,
)
def test_every_core_value_has_a_choice_and_every_choice_a_core_value(choices, core):
    assert sorted(choices.values) == sorted(member.value for member in core)


def test_a_choice_converts_to_its_core_member():
    assert CoreDirection(Direction.LOWER_IS_BETTER) is CoreDirection.LOWER
    assert PeriodKind(PeriodType.QUARTER) is PeriodKind.QUARTER

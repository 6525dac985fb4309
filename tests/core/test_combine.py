"""§1 the value of an indicator for one organisation and one fiscal year."""

import pytest

from govkpi.core.periods import parse_period
from govkpi.core.scoring import (
    Aggregation,
    Combined,
    PeriodValue,
    ScoringError,
    combine_children,
    combine_periods,
    ratio_agrees,
)

NONE = Combined(None, None, None, None)


def pv(code: str, value: float | None, numerator: float | None = None, denominator: float | None = None) -> PeriodValue:
    return PeriodValue(parse_period(code), value, numerator, denominator)


QUARTERS = [pv("2565-Q1", 10), pv("2565-Q2", 20), pv("2565-Q3", 30), pv("2565-Q4", 40)]


# --- §1.1 own results ---------------------------------------------------------------------------------------------


def test_sum_adds_the_sub_periods() -> None:
    assert combine_periods(QUARTERS, Aggregation.SUM) == Combined(100.0, None, None, "own")


def test_mean_averages_the_sub_periods() -> None:
    assert combine_periods(QUARTERS, Aggregation.MEAN).value == 25.0


def test_last_takes_the_latest_period_whatever_the_input_order() -> None:
    assert combine_periods(list(reversed(QUARTERS)), Aggregation.LAST).value == 40
    assert combine_periods([pv("2565-M05", 7), pv("2565-Q1", 3)], Aggregation.LAST).value == 7


def test_last_uses_the_latest_end_date_across_kinds() -> None:
    assert combine_periods([pv("2565-H2", 8), pv("2565-Q2", 5)], Aggregation.LAST).value == 8


def test_sub_periods_of_mixed_kinds_that_do_not_overlap_combine() -> None:
    values = [pv("2565-H1", 60), pv("2565-Q3", 30), pv("2565-M10", 5), pv("2565-M11", 5), pv("2565-M12", 5)]
    assert combine_periods(values, Aggregation.SUM).value == 105


def test_ratio_is_sum_of_numerators_over_sum_of_denominators() -> None:
    values = [pv("2565-Q1", None, 1, 4), pv("2565-Q2", None, 3, 4)]
    combined = combine_periods(values, Aggregation.RATIO)
    assert combined == Combined(50.0, 4.0, 8.0, "own")


def test_ratio_is_not_the_mean_of_the_period_ratios() -> None:
    values = [pv("2565-Q1", 10, 1, 10), pv("2565-Q2", 100, 90, 90)]
    assert combine_periods(values, Aggregation.RATIO).value == pytest.approx(91 / 100 * 100)


def test_ratio_uses_the_multiplier() -> None:
    values = [pv("2565-Q1", None, 3, 200_000), pv("2565-Q2", None, 1, 200_000)]
    assert combine_periods(values, Aggregation.RATIO, multiplier=100_000).value == 1.0


def test_ratio_rows_need_their_parts() -> None:
    with pytest.raises(ScoringError) as caught:
        combine_periods([pv("2565-Q1", 50)], Aggregation.RATIO)
    assert caught.value.code == "ratio_parts_missing"
    assert caught.value.params == {"period": "2565-Q1"}


def test_a_ratio_value_must_agree_with_its_parts() -> None:
    assert combine_periods([pv("2565-Q1", 33.33, 1, 3)], Aggregation.RATIO).value == pytest.approx(100 / 3)
    with pytest.raises(ScoringError) as caught:
        combine_periods([pv("2565-Q1", 34, 1, 3)], Aggregation.RATIO)
    assert caught.value.code == "ratio_disagrees"


def test_a_zero_denominator_is_an_error() -> None:
    with pytest.raises(ScoringError) as caught:
        combine_periods([pv("2565-Q1", None, 1, 0)], Aggregation.RATIO)
    assert caught.value.code == "zero_denominator"
    assert caught.value.params == {"period": "2565-Q1"}


@pytest.mark.parametrize("aggregation", list(Aggregation))
def test_the_whole_year_result_takes_precedence(aggregation: Aggregation) -> None:
    values = [pv("2565-Q1", 10, 1, 10), pv("2565", 77, 77, 100), pv("2565-Q2", 20, 2, 10)]
    combined = combine_periods(values, aggregation)
    assert combined.value == pytest.approx(77)
    assert combined.source == "own"


def test_the_whole_year_ratio_keeps_its_parts() -> None:
    combined = combine_periods([pv("2565", None, 7, 10), pv("2565-Q1", None, 1, 2)], Aggregation.RATIO)
    assert combined == Combined(70.0, 7.0, 10.0, "own")


@pytest.mark.parametrize(("first", "second"), [("2565-Q1", "2565-M01"), ("2565-H1", "2565-Q2"), ("2565-Q3", "2565-Q3")])
def test_overlapping_sub_periods_are_an_error(first: str, second: str) -> None:
    with pytest.raises(ScoringError) as caught:
        combine_periods([pv(first, 1), pv(second, 2)], Aggregation.SUM)
    assert caught.value.code == "overlapping_periods"
    assert {caught.value.params["first"], caught.value.params["second"]} == {first, second}


def test_two_whole_year_results_are_an_error() -> None:
    with pytest.raises(ScoringError) as caught:
        combine_periods([pv("2565", 1), pv("2565", 2)], Aggregation.SUM)
    assert caught.value.code == "overlapping_periods"


def test_results_of_several_fiscal_years_are_an_error() -> None:
    with pytest.raises(ScoringError) as caught:
        combine_periods([pv("2565-Q1", 1), pv("2566-Q1", 2)], Aggregation.SUM)
    assert caught.value.code == "mixed_fiscal_years"


def test_no_results_give_no_value() -> None:
    assert combine_periods([], Aggregation.SUM) == NONE
    assert combine_periods([pv("2565-Q1", None)], Aggregation.MEAN) == NONE


def test_results_without_a_value_are_ignored() -> None:
    assert combine_periods([pv("2565-Q1", None), pv("2565-Q2", 4)], Aggregation.MEAN).value == 4
    # a valueless whole-year row does not hide the sub-periods
    assert combine_periods([pv("2565", None), pv("2565-Q2", 4)], Aggregation.SUM).value == 4


# --- §1.2 rolled up from children ---------------------------------------------------------------------------------


def child(value: float | None, numerator: float | None = None, denominator: float | None = None) -> Combined:
    return Combined(value, numerator, denominator, "own" if value is not None else None)


@pytest.mark.parametrize("aggregation", [Aggregation.SUM, Aggregation.LAST])
def test_sum_and_last_children_are_summed(aggregation: Aggregation) -> None:
    assert combine_children([child(3), child(4), child(None)], aggregation) == Combined(7.0, None, None, "children")


def test_mean_is_the_mean_of_children_with_a_value() -> None:
    assert combine_children([child(3), child(None), child(5)], Aggregation.MEAN).value == 4


def test_ratio_children_roll_up_their_parts() -> None:
    rolled = combine_children([child(25, 1, 4), child(75, 3, 4), child(None)], Aggregation.RATIO)
    assert rolled == Combined(50.0, 4.0, 8.0, "children")


def test_a_ratio_roll_up_feeds_the_next_level() -> None:
    district_a = combine_children([child(10, 1, 10), child(20, 2, 10)], Aggregation.RATIO)
    district_b = combine_periods([pv("2565-Q1", None, 7, 10)], Aggregation.RATIO)
    province = combine_children([district_a, district_b], Aggregation.RATIO)
    assert province.value == pytest.approx(10 / 30 * 100)
    assert (province.numerator, province.denominator) == (10.0, 30.0)


def test_ratio_children_need_their_parts() -> None:
    with pytest.raises(ScoringError) as caught:
        combine_children([child(50)], Aggregation.RATIO)
    assert caught.value.code == "ratio_parts_missing"


def test_no_child_with_a_value_gives_no_value() -> None:
    assert combine_children([], Aggregation.SUM) == NONE
    assert combine_children([child(None), NONE], Aggregation.MEAN) == NONE


# --- ratio agreement ----------------------------------------------------------------------------------------------


def test_ratio_agrees_to_a_hundredth() -> None:
    assert ratio_agrees(33.33, 1, 3, 100)
    assert ratio_agrees(33.34, 1, 3, 100)
    assert ratio_agrees(50.01, 1, 2, 100)
    assert not ratio_agrees(50.02, 1, 2, 100)
    assert not ratio_agrees(33.35, 1, 3, 100)
    assert ratio_agrees(0.5, 1, 2, 1)
    assert ratio_agrees(33.0, 1, 3, 100, tolerance=0.5)


def test_ratio_never_agrees_with_a_zero_denominator() -> None:
    assert not ratio_agrees(0, 0, 0, 100)

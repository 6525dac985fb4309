"""§8 year-end projection and multi-year (SDG-style) progress."""

import pytest

from govkpi.core.periods import parse_period
from govkpi.core.progress import Progress, project_year_end, reaches, sdg_progress
from govkpi.core.scoring import Aggregation, Direction, PeriodValue, ScoringError

HIGHER = (60.0, 70.0, 80.0, 90.0, 100.0)
LOWER = (20.0, 15.0, 10.0, 5.0, 0.0)


def pv(code: str, value: float | None, numerator: float | None = None, denominator: float | None = None) -> PeriodValue:
    return PeriodValue(parse_period(code), value, numerator, denominator)


# --- projection ---------------------------------------------------------------------------------------------------


def test_sum_is_pro_rated_by_months_covered() -> None:
    values = [pv("2565-Q1", 30), pv("2565-Q2", 20)]
    assert project_year_end(values, Aggregation.SUM, 100, 2565) == 100.0


def test_sum_pro_rates_mixed_period_kinds() -> None:
    values = [pv("2565-M01", 5), pv("2565-M02", 5), pv("2565-Q2", 20)]  # 30 over 5 months
    assert project_year_end(values, Aggregation.SUM, 100, 2565) == pytest.approx(72.0)


def test_a_whole_year_of_sub_periods_projects_to_its_sum() -> None:
    values = [pv(f"2565-Q{i}", 10) for i in range(1, 5)]
    assert project_year_end(values, Aggregation.SUM, 100, 2565) == 40.0


@pytest.mark.parametrize("aggregation", [Aggregation.LAST, Aggregation.MEAN])
def test_last_and_mean_project_the_latest_value(aggregation: Aggregation) -> None:
    values = [pv("2565-Q2", 70), pv("2565-Q1", 90)]
    assert project_year_end(values, aggregation, 100, 2565) == 70


def test_ratio_projects_the_latest_period_ratio() -> None:
    values = [pv("2565-Q1", None, 9, 10), pv("2565-Q2", None, 1, 4)]
    assert project_year_end(values, Aggregation.RATIO, 100, 2565) == 25.0


def test_a_whole_year_result_is_the_year_end_value() -> None:
    values = [pv("2565-Q1", 30), pv("2565", 80)]
    assert project_year_end(values, Aggregation.SUM, 100, 2565) == 80


def test_no_results_no_projection() -> None:
    assert project_year_end([], Aggregation.SUM, 100, 2565) is None
    assert project_year_end([pv("2565-Q1", None)], Aggregation.LAST, 100, 2565) is None


def test_results_of_another_year_are_an_error() -> None:
    with pytest.raises(ScoringError) as caught:
        project_year_end([pv("2564-Q4", 1)], Aggregation.SUM, 100, 2565)
    assert caught.value.code == "mixed_fiscal_years"


def test_overlapping_results_are_an_error() -> None:
    with pytest.raises(ScoringError) as caught:
        project_year_end([pv("2565-Q1", 1), pv("2565-M02", 1)], Aggregation.SUM, 100, 2565)
    assert caught.value.code == "overlapping_periods"


def test_reaches_level_3() -> None:
    assert reaches(80, HIGHER, Direction.HIGHER)
    assert reaches(95, HIGHER, Direction.HIGHER)
    assert not reaches(79.99, HIGHER, Direction.HIGHER)
    assert reaches(10, LOWER, Direction.LOWER)
    assert not reaches(10.01, LOWER, Direction.LOWER)
    assert not reaches(None, HIGHER, Direction.HIGHER)


def test_reaches_checks_thresholds() -> None:
    with pytest.raises(ScoringError):
        reaches(80, HIGHER, Direction.LOWER)


# --- SDG-style progress -------------------------------------------------------------------------------------------


def sdg(base: float, current: float, target: float, direction: Direction = Direction.HIGHER) -> str:
    return sdg_progress(base, 2015, current, 2020, target, 2030, direction)


def test_the_statuses_are_the_open_sdg_words() -> None:
    assert [p.value for p in Progress] == [
        "target_achieved",
        "substantial_progress",
        "moderate_progress",
        "limited_progress",
        "deterioration",
    ]


def test_meeting_the_target_is_target_achieved() -> None:
    assert sdg(50, 80, 80) == "target_achieved"
    assert sdg(50, 90, 80) == "target_achieved"
    assert sdg(20, 5, 5, Direction.LOWER) == "target_achieved"


def test_on_track_compound_growth_is_substantial_progress() -> None:
    # needed: 100 → 400 in 15 years; observed 100 → 160 in 5 years (needed pace gives ~158.7)
    assert sdg(100, 160, 400) == "substantial_progress"


def test_half_the_needed_pace_is_moderate_progress() -> None:
    required = (400 / 100) ** (1 / 15) - 1
    current = 100 * (1 + 0.7 * required) ** 5
    assert sdg(100, current, 400) == "moderate_progress"


def test_a_little_progress_is_limited_progress() -> None:
    assert sdg(100, 105, 400) == "limited_progress"


def test_going_backwards_or_standing_still_is_deterioration() -> None:
    assert sdg(100, 90, 400) == "deterioration"
    assert sdg(100, 100, 400) == "deterioration"


def test_lower_is_better_uses_the_falling_rate() -> None:
    # deaths 20 → target 5 by 2030; a fall to 12 by 2020 is ahead of the needed pace
    assert sdg(20, 12, 5, Direction.LOWER) == "substantial_progress"
    assert sdg(20, 18, 5, Direction.LOWER) == "limited_progress"
    assert sdg(20, 25, 5, Direction.LOWER) == "deterioration"


def test_a_zero_target_uses_the_linear_rate() -> None:
    # 20 → 0 in 15 years needs −4/3 a year; 20 → 14 in 5 years is −1.2 a year: ratio 0.9
    assert sdg(20, 14, 0, Direction.LOWER) == "moderate_progress"
    assert sdg(20, 13, 0, Direction.LOWER) == "substantial_progress"


def test_negative_values_use_the_linear_rate() -> None:
    # a balance from −100 toward +50: needed 10 a year; observed 6 a year → ratio 0.6
    assert sdg(-100, -70, 50) == "moderate_progress"


def test_falling_behind_a_target_the_baseline_already_met_is_deterioration() -> None:
    assert sdg(90, 70, 80) == "deterioration"
    assert sdg(3, 8, 5, Direction.LOWER) == "deterioration"


def test_the_cut_offs_are_parameters() -> None:
    args = (100, 2015, 160, 2020, 400, 2030, Direction.HIGHER)
    assert sdg_progress(*args, substantial=1.5) == "moderate_progress"
    assert sdg_progress(*args, substantial=2.0, moderate=1.5) == "limited_progress"
    assert sdg_progress(*args, substantial=3.0, moderate=2.0, limited=1.5) == "deterioration"


def test_years_must_follow_the_baseline() -> None:
    with pytest.raises(ScoringError) as caught:
        sdg_progress(1, 2020, 2, 2020, 3, 2030, Direction.HIGHER)
    assert caught.value.code == "invalid_years"
    with pytest.raises(ScoringError):
        sdg_progress(1, 2020, 2, 2025, 3, 2019, Direction.HIGHER)


def test_values_must_be_finite() -> None:
    with pytest.raises(ScoringError) as caught:
        sdg(float("nan"), 1, 2)
    assert caught.value.code == "invalid_number"

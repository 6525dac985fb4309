"""What a valid result is (govkpi.core.results): each rule, directly."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govkpi.core.periods import PeriodError, parse_period
from govkpi.core.results import (
    MAX_MAGNITUDE,
    Entered,
    IndicatorRules,
    check_assigned,
    check_entered,
    check_number,
    check_period,
    check_text,
    overlapping,
)

SUM = IndicatorRules("sum")
SHARE = IndicatorRules("ratio", 100)
RATE = IndicatorRules("ratio", 1000)


def codes(entered, rules=SUM):
    return [(p.code, p.field) for p in check_entered(entered, rules)[1]]


@pytest.mark.parametrize(("text", "code"), [
    ("9999-Q1", "year_out_of_range"), ("2499-Q1", "year_out_of_range"), ("2701", "year_out_of_range"),
    ("2565-Q5", "invalid_index"), ("abc", "invalid_period"), ("2022-Q1", "ce_year"), (2565, "invalid_period"),
])
def test_a_period_outside_the_window_or_not_a_code_is_refused(text, code):
    with pytest.raises(PeriodError) as caught:
        check_period(text)
    assert caught.value.code == code


def test_the_window_ends_are_periods():
    assert check_period("2500").code == "2500" and check_period("๒๗๐๐-M12").code == "2700-M12"


def test_sub_periods_that_share_a_month_overlap_and_a_whole_year_stands_beside():
    p = parse_period
    assert overlapping(p("2565-H1"), [p("2565-Q3"), p("2565-Q2")]) == p("2565-Q2")
    assert overlapping(p("2565-M04"), [p("2565-Q2")]) == p("2565-Q2")
    assert overlapping(p("2565"), [p("2565-Q1")]) is None
    assert overlapping(p("2565-Q1"), [p("2565")]) is None
    assert overlapping(p("2565-Q1"), [p("2566-Q1"), p("2565-Q1")]) is None  # another year; the same result


@given(st.sampled_from(["2565-H1", "2565-H2", *[f"2565-Q{i}" for i in range(1, 5)],
                        *[f"2565-M{i:02d}" for i in range(1, 13)]]),
       st.sampled_from(["2565-H1", "2565-H2", *[f"2565-Q{i}" for i in range(1, 5)],
                        *[f"2565-M{i:02d}" for i in range(1, 13)]]))
def test_overlap_agrees_with_the_calendar(first, second):
    a, b = parse_period(first), parse_period(second)
    assert (overlapping(a, [b]) is not None) == (a != b and a.overlaps(b))


@pytest.mark.parametrize(("number", "code"), [
    (math.inf, "not_finite"), (math.nan, "not_finite"), (1e29, "too_large"), (-1e308, "too_large"),
    (MAX_MAGNITUDE, None), (-MAX_MAGNITUDE, None), (0, None), (None, None),
])
def test_numbers_are_finite_and_bounded(number, code):
    problem = check_number(number, "value")
    assert (problem.code if problem else None) == code


def test_text_without_nul_or_broken_characters_and_within_its_length():
    assert check_text("ok ๑๒", "note", 10) is None
    assert check_text("a\x00", "note", 10).code == "unstorable_text"
    assert check_text("\ud800", "note", 10).code == "unstorable_text"
    assert check_text("x" * 11, "note", 10).code == "too_long"


def test_a_plain_indicator_needs_a_value_and_takes_no_parts():
    assert codes(Entered()) == [("value_required", "value")]
    assert codes(Entered(5, 1, 2)) == [("parts_not_ratio", "numerator")]
    assert codes(Entered(5)) == []


@pytest.mark.parametrize(("entered", "expected"), [
    (Entered(None, 3, None), [("ratio_parts", "denominator")]),
    (Entered(None, 3, 0), [("zero_denominator", "denominator")]),
    (Entered(None, -3, -200), [("negative_denominator", "denominator")]),
    (Entered(None, -3, 200), [("negative_numerator", "numerator")]),
    (Entered(None, 300, 200), [("share_above_whole", "numerator")]),
    (Entered(1.52, 3, 200), [("ratio_disagrees", "value")]),
    (Entered(1.5, 3, 200), []),
    (Entered(None, 1e-300, 1e-300), []),
    (Entered(None, 5, 1e-300), [("share_above_whole", "numerator")]),
])
def test_ratio_rules(entered, expected):
    assert codes(entered, SHARE) == expected


def test_a_ratio_value_is_computed_when_not_given_and_kept_when_it_agrees():
    assert check_entered(Entered(None, 3, 200), SHARE)[0].value == pytest.approx(1.5)
    assert check_entered(Entered(1.505, 3, 200), SHARE)[0].value == 1.505


def test_explicit_bounds_govern_a_ratio():
    assert codes(Entered(None, 300, 200), IndicatorRules("ratio", 100, max_value=200)) == []
    assert codes(Entered(None, -3, 200), IndicatorRules("ratio", 100, min_value=-100)) == []
    assert codes(Entered(None, 300, 200), RATE) == []  # a rate per 1,000 is no share
    assert codes(Entered(None, 300, 200), IndicatorRules("ratio", 100, max_value=120)) == [("above_max", "numerator")]


def test_a_computed_ratio_is_bounded_too():
    assert codes(Entered(None, 1, 1e-300), RATE) == [("too_large", "numerator")]


def test_the_range_of_the_indicator():
    rules = IndicatorRules("mean", min_value=0, max_value=100)
    assert codes(Entered(-1), rules) == [("below_min", "value")]
    assert codes(Entered(101), rules) == [("above_max", "value")]


def test_an_evidence_link_is_a_web_address():
    assert codes(Entered(1, evidence_url="ftp://x.org")) == [("bad_url", "evidence_url")]
    assert codes(Entered(1, evidence_url=" https://itas.nacc.go.th/ ")) == []


def test_only_responsible_organisations_carry_results():
    assert check_assigned("5401", "G01-1", {"5401", "5402"}) is None
    assert check_assigned("54", "G01-1", set()) is None  # no assignment: anyone
    assert check_assigned("54", "G01-1", {"5401"}).code == "not_assigned"

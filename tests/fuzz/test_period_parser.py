"""The period parser, fed any text: a Period whose code parses back to itself, or a PeriodError with a known code."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from govkpi.core.periods import PeriodError, parse_period

from .conftest import FUZZ

CODES = {"invalid_period", "ce_year", "invalid_year", "invalid_index"}
near_codes = st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙-HQMhqm \t\u200b\u0e31", max_size=14)


@FUZZ
@given(st.one_of(st.text(max_size=30), near_codes))
@example("๒๕๖๕-q๑")
@example("2565-M13")
@example("1999")
@example("\u202e2565-Q1")
def test_any_text_parses_to_a_period_or_is_refused_with_a_code(text: str) -> None:
    try:
        period = parse_period(text)
    except PeriodError as error:
        assert error.code in CODES
        assert error.params, "a refusal carries what the message needs"
        return
    assert parse_period(period.code) == period
    assert period.start <= period.end


@FUZZ
@given(st.one_of(st.none(), st.integers(), st.floats(), st.binary(max_size=8), st.lists(st.text(max_size=4))))
def test_anything_not_text_is_refused_as_not_a_period(value: object) -> None:
    try:
        parse_period(value)  # type: ignore[arg-type]
    except PeriodError as error:
        assert error.code == "invalid_period"
    else:
        raise AssertionError(f"{value!r} was accepted")

"""Workbook numbers: parsing and display."""

import pytest

from govkpi.core.thai import ThaiValueError, format_number, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.5", 1234.5),
        ("๑,๒๓๔.๕", 1234.5),
        ("-3", -3.0),
        ("+4", 4.0),
        ("  12  ", 12.0),
        ("1234567.25", 1234567.25),
        ("1,234,567", 1234567.0),
        ("0", 0.0),
        (".5", 0.5),
        ("-๐.๒๕", -0.25),
        ("99.15", 99.15),
    ],
)
def test_it_parses_text_numbers(text: str, expected: float) -> None:
    assert parse_number(text) == expected


def test_it_accepts_numbers() -> None:
    assert parse_number(7) == 7.0
    assert isinstance(parse_number(7), float)
    assert parse_number(82.3) == 82.3


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "12a",
        "1,23",
        "12,34.5",
        "1234,567",
        ",123",
        "1,",
        "1.",
        "1.2.3",
        "nan",
        "inf",
        "-inf",
        "+",
        "-",
        "1e5",
        "--3",
        "1 234",
        "๑๒x",
        "٣",
    ],
)
def test_it_rejects_anything_else(text: str) -> None:
    with pytest.raises(ThaiValueError) as caught:
        parse_number(text)
    assert caught.value.code == "invalid_number"
    assert caught.value.params == {"value": text}


@pytest.mark.parametrize("value", [True, False, float("nan"), float("inf"), None, [1]])
def test_it_rejects_booleans_non_finite_and_other_types(value: object) -> None:
    with pytest.raises(ThaiValueError):
        parse_number(value)  # type: ignore[arg-type]


def test_it_formats_numbers_with_grouping() -> None:
    assert format_number(1234.5) == "1,234.50"
    assert format_number(1234.5, 0) == "1,235"  # half up
    assert format_number(1234.5, grouping=False) == "1234.50"
    assert format_number(3.14159, 4) == "3.1416"
    assert format_number(-1234567.891, 1) == "-1,234,567.9"


def test_it_formats_numbers_in_thai_digits() -> None:
    assert format_number(1234.5, digits="thai") == "๑,๒๓๔.๕๐"


def test_it_drops_the_sign_of_a_value_that_rounds_to_zero() -> None:
    assert format_number(-0.001) == "0.00"
    assert format_number(-0.0, 0) == "0"


def test_it_rejects_bad_format_arguments() -> None:
    with pytest.raises(ThaiValueError) as caught:
        format_number(1.0, -1)
    assert caught.value.code == "invalid_option"
    with pytest.raises(ThaiValueError) as caught:
        format_number(float("nan"))
    assert caught.value.code == "invalid_number"
    with pytest.raises(ThaiValueError):
        format_number(1.0, digits="roman")

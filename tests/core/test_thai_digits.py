"""Thai and Arabic digits."""

from govkpi.core.thai import to_arabic_digits, to_thai_digits


def test_it_converts_every_arabic_digit_to_thai() -> None:
    assert to_thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"


def test_it_converts_every_thai_digit_to_arabic() -> None:
    assert to_arabic_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"


def test_it_leaves_other_characters_alone() -> None:
    assert to_thai_digits("ปี 2565-Q1, 1,234.5") == "ปี ๒๕๖๕-Q๑, ๑,๒๓๔.๕"
    assert to_arabic_digits("ไตรมาส ๑/๒๕๖๕ abc") == "ไตรมาส 1/2565 abc"


def test_it_handles_empty_text() -> None:
    assert to_thai_digits("") == ""
    assert to_arabic_digits("") == ""


def test_display_rounding_is_half_up_as_on_thai_score_sheets() -> None:
    from govkpi.core.thai import format_number

    assert format_number(3.125) == "3.13"
    assert format_number(2.675) == "2.68"  # 2.675 is stored as 2.67499…; its shortest form rounds up
    assert format_number(0.5, 0) == "1"
    assert format_number(-2.5, 0) == "-3"

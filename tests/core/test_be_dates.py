"""Buddhist-Era years and dates."""

from datetime import date, datetime

import pytest

from govkpi.core.thai import (
    BE_MIN,
    ThaiValueError,
    be_to_ce,
    ce_to_be,
    check_be_year,
    format_date,
    parse_date,
)

SEED_DAY = date(2022, 9, 20)  # the governor's report, 20 September 2565


def test_it_converts_between_eras() -> None:
    assert be_to_ce(2565) == 2022
    assert ce_to_be(2022) == 2565
    assert be_to_ce(ce_to_be(1999)) == 1999


def test_it_accepts_a_be_year() -> None:
    assert check_be_year(2565) == 2565
    assert check_be_year(BE_MIN) == BE_MIN


def test_it_rejects_a_ce_year_without_guessing() -> None:
    with pytest.raises(ThaiValueError) as caught:
        check_be_year(2022)
    assert caught.value.code == "ce_year"
    assert caught.value.params == {"year": 2022}
    assert "Christian-era" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_it_rejects_a_year_that_is_not_an_integer() -> None:
    with pytest.raises(ThaiValueError) as caught:
        check_be_year(True)
    assert caught.value.code == "invalid_year"


@pytest.mark.parametrize(
    "text",
    ["2022-09-20", " 2022-09-20 ", "20/9/2565", "20/09/2565", "๒๐/๙/๒๕๖๕", "๒๐๒๒-๐๙-๒๐"],
)
def test_it_parses_workbook_dates(text: str) -> None:
    assert parse_date(text) == SEED_DAY


def test_it_accepts_date_and_datetime_objects() -> None:
    assert parse_date(SEED_DAY) == SEED_DAY
    parsed = parse_date(datetime(2022, 9, 20, 10, 0))
    assert parsed == SEED_DAY
    assert type(parsed) is date


def test_it_rejects_a_ce_year_in_a_day_month_year_date() -> None:
    with pytest.raises(ThaiValueError) as caught:
        parse_date("20/9/2022")
    assert caught.value.code == "ce_year"


def test_it_rejects_a_be_year_in_an_iso_date() -> None:
    with pytest.raises(ThaiValueError) as caught:
        parse_date("2565-09-20")
    assert caught.value.code == "be_year"


@pytest.mark.parametrize(
    "text", ["", "yesterday", "2022-9-20", "31/9/2565", "29/2/2565", "2022-02-30", "20-9-2565", "1/1/65"]
)
def test_it_rejects_invalid_dates(text: str) -> None:
    with pytest.raises(ThaiValueError) as caught:
        parse_date(text)
    assert caught.value.code == "invalid_date"


def test_it_accepts_29_february_of_a_leap_be_year() -> None:
    assert parse_date("29/2/2567") == date(2024, 2, 29)


def test_it_formats_thai_dates() -> None:
    assert format_date(SEED_DAY) == "20 กันยายน 2565"
    assert format_date(SEED_DAY, style="short") == "20 ก.ย. 2565"
    assert format_date(SEED_DAY, digits="thai") == "๒๐ กันยายน ๒๕๖๕"
    assert format_date(date(2021, 10, 1), style="short", digits="thai") == "๑ ต.ค. ๒๕๖๔"


def test_it_formats_english_dates_with_be_years() -> None:
    assert format_date(SEED_DAY, "en") == "20 September 2565 BE"
    assert format_date(SEED_DAY, "en", style="short") == "20 Sep 2565 BE"
    assert format_date(date(2021, 10, 1), "en", digits="thai") == "๑ October ๒๕๖๔ BE"


def test_it_formats_a_datetime_as_its_day() -> None:
    assert format_date(datetime(2022, 9, 20, 10, 0)) == "20 กันยายน 2565"


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"lang": "fr"}, "lang"), ({"digits": "roman"}, "digits"), ({"style": "medium"}, "style")],
)
def test_it_rejects_unknown_format_options(kwargs: dict[str, str], name: str) -> None:
    with pytest.raises(ThaiValueError) as caught:
        format_date(SEED_DAY, **kwargs)
    assert caught.value.code == "invalid_option"
    assert caught.value.params["name"] == name

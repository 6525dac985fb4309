"""Moments shown to people: BE date, Thai month, 24-hour time in Bangkok (format_datetime)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from govkpi.core.thai import ThaiValueError, format_datetime

MOMENT = datetime(2022, 9, 20, 7, 5, tzinfo=UTC)  # 14:05 in Bangkok


def test_thai_short_and_long_in_bangkok_time():
    assert format_datetime(MOMENT) == "20 ก.ย. 2565 14:05 น."
    assert format_datetime(MOMENT, style="long") == "20 กันยายน 2565 เวลา 14:05 น."


def test_english_keeps_the_be_year():
    assert format_datetime(MOMENT, "en") == "20 Sep 2565 BE, 14:05"
    assert format_datetime(MOMENT, "en", style="long") == "20 September 2565 BE, 14:05"


def test_the_local_day_is_bangkoks():
    late = datetime(2022, 9, 30, 20, 30, tzinfo=UTC)  # already 1 October in Bangkok
    assert format_datetime(late) == "1 ต.ค. 2565 03:30 น."


def test_thai_digits_naive_as_utc_and_other_zones():
    assert format_datetime(MOMENT, digits="thai") == "๒๐ ก.ย. ๒๕๖๕ ๑๔:๐๕ น."
    assert format_datetime(MOMENT.replace(tzinfo=None)) == "20 ก.ย. 2565 14:05 น."
    assert format_datetime(MOMENT, "en", tz=ZoneInfo("UTC")) == "20 Sep 2565 BE, 07:05"


@pytest.mark.parametrize(("args", "kwargs"), [((MOMENT, "fr"), {}), ((MOMENT,), {"style": "x"}),
                                               ((MOMENT,), {"digits": "roman"}), (("2022-09-20",), {})])
def test_bad_options_are_refused(args, kwargs):
    with pytest.raises(ThaiValueError):
        format_datetime(*args, **kwargs)

"""Thai digits, Buddhist-Era years, and the number and date formats of the province workbook.

Users see Buddhist-Era (BE) years everywhere (BE = CE + 543); the database stores CE dates. Official documents
use Thai digits (๐–๙); the UI lets each user choose Thai or Arabic digits.

Errors are :class:`ThaiValueError` (a ``ValueError``) with one of these codes:

``ce_year``
    a year below :data:`BE_MIN` where a BE year was expected (it looks like a CE year; we never guess).
    params: ``year``.
``be_year``
    an ISO ``yyyy-mm-dd`` date with a year of ``BE_MIN`` or more (ISO dates are CE; ``2565-09-20`` is BE).
    params: ``year``.
``invalid_year``
    a year that is not an integer. params: ``year``.
``invalid_number``
    text that is not a number in the accepted forms, or a non-finite number or a boolean. params: ``value``.
``invalid_date``
    text that is not a date in the accepted forms, or a day that does not exist. params: ``value``.
``invalid_option``
    an unknown ``lang``, ``digits`` or ``style`` argument, or negative ``decimals``.
    params: ``name``, ``value``.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, localcontext
from zoneinfo import ZoneInfo

from pythainlp.util import thai_strftime

from govkpi.core.errors import CoreError

__all__ = [
    "BE_MIN",
    "BE_OFFSET",
    "ThaiValueError",
    "be_to_ce",
    "ce_to_be",
    "check_be_year",
    "format_date",
    "format_datetime",
    "format_number",
    "parse_date",
    "parse_number",
    "to_arabic_digits",
    "to_thai_digits",
]

BE_OFFSET = 543
BE_MIN = 2400
BANGKOK = ZoneInfo("Asia/Bangkok")
"""Where the province reads its clocks: times are shown in Thailand's local time (UTC+7, no daylight saving)."""
"""The smallest year accepted as a BE year (1857 CE); anything below looks like a CE year."""

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)

_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.[0-9]+)?")
_ISO_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DMY_DATE_RE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")

_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class ThaiValueError(CoreError):
    """A value that is not a valid Thai-convention number, year or date."""


# --- digits -------------------------------------------------------------------------------------------------


def to_thai_digits(text: str) -> str:
    """Replace Arabic digits 0–9 with Thai digits ๐–๙; other characters are unchanged."""
    return text.translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits ๐–๙ with Arabic digits 0–9; other characters are unchanged."""
    return text.translate(_TO_ARABIC)


def _apply_digits(text: str, digits: str) -> str:
    if digits == "arabic":
        return text
    if digits == "thai":
        return to_thai_digits(text)
    raise ThaiValueError(
        "invalid_option",
        f"digits must be 'arabic' or 'thai', not {digits!r}",
        {"name": "digits", "value": digits},
    )


# --- years --------------------------------------------------------------------------------------------------


def be_to_ce(year: int) -> int:
    """Convert a Buddhist-Era year to the Christian-era year: 2565 → 2022."""
    return year - BE_OFFSET


def ce_to_be(year: int) -> int:
    """Convert a Christian-era year to the Buddhist-Era year: 2022 → 2565."""
    return year + BE_OFFSET


def check_be_year(year: int) -> int:
    """Return ``year`` if it is a plausible BE year; raise ThaiValueError ``ce_year`` if it looks like CE."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise ThaiValueError("invalid_year", f"year must be an integer, not {year!r}", {"year": year})
    if year < BE_MIN:
        raise ThaiValueError(
            "ce_year",
            f"{year} looks like a Christian-era year; a Buddhist-Era year ({BE_MIN} or later) is expected",
            {"year": year},
        )
    return year


# --- numbers ------------------------------------------------------------------------------------------------


def _invalid_number(value: object) -> ThaiValueError:
    return ThaiValueError("invalid_number", f"{value!r} is not a number", {"value": value})


def parse_number(text: str | int | float) -> float:
    """Parse a workbook number: a number, or text in Arabic or Thai digits.

    Text may have a sign, thousands separators in groups of exactly three digits and a decimal point
    (``1,234.5``, ``๑,๒๓๔.๕``, ``-3``, ``+4``, ``.5``), with spaces around it. Booleans, NaN and infinities
    are rejected.
    """
    if isinstance(text, bool):
        raise _invalid_number(text)
    if isinstance(text, int | float):
        result = float(text)
    elif isinstance(text, str):
        cleaned = to_arabic_digits(text.strip())
        if not _NUMBER_RE.fullmatch(cleaned) or not any(c.isdigit() for c in cleaned):
            raise _invalid_number(text)
        result = float(cleaned.replace(",", ""))
    else:
        raise _invalid_number(text)
    if not math.isfinite(result):
        raise _invalid_number(text)
    return result


def format_number(value: float, decimals: int = 2, *, digits: str = "arabic", grouping: bool = True) -> str:
    """Format a number for display: ``1234.5`` → ``1,234.50`` (or ``๑,๒๓๔.๕๐`` with ``digits="thai"``)."""
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise ThaiValueError(
            "invalid_option",
            f"decimals must be a non-negative integer, not {decimals!r}",
            {"name": "decimals", "value": decimals},
        )
    if isinstance(value, bool) or not math.isfinite(value):
        raise _invalid_number(value)
    # Half up, as Thai score sheets round (3.125 → 3.13), on the shortest decimal form of the float.
    exact = Decimal(repr(float(value)))
    # Enough digits for the largest float (about 10³⁰⁸) with its decimals: the default context's 28 are not.
    with localcontext(prec=max(28, exact.adjusted() + decimals + 2)):
        rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}" if grouping else f"{rounded:.{decimals}f}"
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]  # "-0.00" reads oddly: a value that rounds to zero has no sign
    return _apply_digits(text, digits)


# --- dates --------------------------------------------------------------------------------------------------


def _invalid_date(value: object) -> ThaiValueError:
    return ThaiValueError("invalid_date", f"{value!r} is not a valid date", {"value": value})


def parse_date(text: str | date | datetime) -> date:
    """Parse a workbook date: a date or datetime, ISO ``2022-09-20`` (CE), or ``d/m/yyyy`` with a BE year.

    Thai digits are accepted in text. A ``d/m/yyyy`` year below :data:`BE_MIN` is a CE year where a BE year
    was expected (``ce_year``); an ISO year of :data:`BE_MIN` or more is a BE year where CE was expected
    (``be_year``).
    """
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    if not isinstance(text, str):
        raise _invalid_date(text)
    cleaned = to_arabic_digits(text.strip())
    if match := _ISO_DATE_RE.fullmatch(cleaned):
        year, month, day = (int(g) for g in match.groups())
        if year >= BE_MIN:
            raise ThaiValueError(
                "be_year",
                f"{text!r}: ISO dates use Christian-era years; {year} looks like a Buddhist-Era year",
                {"year": year},
            )
    elif match := _DMY_DATE_RE.fullmatch(cleaned):
        day, month, be_year = (int(g) for g in match.groups())
        year = be_to_ce(check_be_year(be_year))
    else:
        raise _invalid_date(text)
    try:
        return date(year, month, day)
    except ValueError:
        raise _invalid_date(text) from None


def format_date(d: date, lang: str = "th", *, digits: str = "arabic", style: str = "long") -> str:
    """Format a date with its BE year.

    Thai: ``20 กันยายน 2565`` (long) or ``20 ก.ย. 2565`` (short); English: ``20 September 2565 BE`` or
    ``20 Sep 2565 BE``. ``digits="thai"`` writes Thai digits.
    """
    if style not in ("long", "short"):
        raise ThaiValueError(
            "invalid_option",
            f"style must be 'long' or 'short', not {style!r}",
            {"name": "style", "value": style},
        )
    if lang == "th":
        moment = datetime.combine(d, time()) if not isinstance(d, datetime) else d
        text = thai_strftime(moment, "%-d %B %Y" if style == "long" else "%-d %b %Y")
    elif lang == "en":
        month = _EN_MONTHS[d.month - 1]
        text = f"{d.day} {month if style == 'long' else month[:3]} {ce_to_be(d.year)} BE"
    else:
        raise ThaiValueError(
            "invalid_option", f"lang must be 'th' or 'en', not {lang!r}", {"name": "lang", "value": lang}
        )
    return _apply_digits(text, digits)


def format_datetime(
    moment: datetime, lang: str = "th", *, digits: str = "arabic", style: str = "short", tz: ZoneInfo = BANGKOK
) -> str:
    """Format a moment as a BE date and a 24-hour time in Thailand's local time (``tz``).

    Thai: ``20 ก.ย. 2565 14:05 น.`` (short) or ``20 กันยายน 2565 เวลา 14:05 น.`` (long); English:
    ``20 Sep 2565 BE, 14:05`` or ``20 September 2565 BE, 14:05``. A naive ``moment`` is taken as UTC (as the
    database stores it).
    """
    if not isinstance(moment, datetime):
        raise _invalid_date(moment)
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo("UTC"))
    local = aware.astimezone(tz)
    day = format_date(local.date(), lang, style=style)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if lang == "th":
        text = f"{day} เวลา {clock} น." if style == "long" else f"{day} {clock} น."
    else:
        text = f"{day}, {clock}"
    return _apply_digits(text, digits)

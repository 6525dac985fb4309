"""Numbers for people, whatever the database holds.

`govkpi.core.thai.format_number` formats the numbers the rules accept (finite, within ±10¹⁵). A row written some
other way (SQL, an older version, a restore) may hold any float: 1e29, 1e308, infinity, NaN. Pages show such a
value instead of failing: magnitudes beyond :data:`LARGE` in the notation of a spreadsheet (``1.00E+29``),
infinities as ``∞`` / ``-∞``, and NaN (not a number) as a dash, like a missing value.
"""

from __future__ import annotations

import math

from govkpi.core.results import MAX_MAGNITUDE
from govkpi.core.thai import format_number, to_thai_digits

DASH = "–"
LARGE = MAX_MAGNITUDE
"""Above this the rules refuse a value; it is shown in exponent notation, never with hundreds of digits."""


def as_float(value: object) -> float | None:
    """The value as a float; None for None, a boolean or anything that is not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def show_number(value: object, decimals: int = 2, *, digits: str = "arabic", grouping: bool = True) -> str:
    """``format_number`` for any value: a dash for no value or NaN, ``∞`` for infinity, ``1.00E+29`` above 10¹⁵."""
    number = as_float(value)
    if number is None or math.isnan(number):
        return DASH
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    if abs(number) > LARGE:
        text = f"{number:.{max(int(decimals), 0)}E}"
        return to_thai_digits(text) if digits == "thai" else text
    return format_number(number, int(decimals), digits=digits, grouping=grouping)


def is_finite(value: object) -> bool:
    """A number that is neither infinite nor NaN (None and non-numbers: False)."""
    number = as_float(value)
    return number is not None and math.isfinite(number)


def is_whole(value: object) -> bool:
    """A finite number without a fractional part (``12.0``); False for NaN, infinities and non-numbers."""
    return is_finite(value) and float(value).is_integer()  # type: ignore[arg-type]

"""Cell values → Python values, one converter per column type (workbook.md, *Values*).

Converters are small closures made once per column and called for every cell, so the fast paths (a float from JSON,
a period seen before) come first. A bad value raises :class:`Invalid` with a message code of
:data:`govkpi.workbook.messages.MESSAGES` and its parameters.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from govkpi.core.thai import BE_MIN, BE_OFFSET, ThaiValueError, parse_date, parse_number
from govkpi.results.rules import parse as parse_period_code

from .messages import join_or
from .schema import LIST_SEPARATOR, Column, Type

Converter = Callable[[Any], Any]

_URL_RE = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?|https?://localhost(?::[0-9]+)?(?:[/?#]\S*)?",
                     re.IGNORECASE)
_FRAMEWORK_RE = re.compile(r"[a-z][a-z0-9_]*")
MAX_URL = 1000


class YamlNumber(str):
    """A plain YAML number kept as its text (see readers._TextLoader): a code column reads the text, a number
    column or an x_ note the number."""

    def number(self) -> int | float:
        text = self.replace("_", "")
        try:
            return int(text, 10)
        except ValueError:
            return float(text)


class Invalid(ValueError):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def show(value: Any) -> str:
    """A cell value as the user wrote it, for messages."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def as_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0 (Excel stores 54 as 54.0), dates in ISO."""
    if isinstance(value, str):
        return str.strip(value)
    if isinstance(value, bool):
        raise Invalid("not_single_value")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return show(value)
    raise Invalid("not_single_value")


def number(value: Any) -> float:
    kind = type(value)
    if kind is float:
        if math.isfinite(value):
            return float(value)
    elif kind is int:
        return float(value)
    elif isinstance(value, str):
        try:
            return parse_number(value)
        except ThaiValueError:
            if isinstance(value, YamlNumber):
                try:
                    result = float(value.number())
                except ValueError:
                    pass
                else:
                    if math.isfinite(result):
                        return result
    elif isinstance(value, list | dict):
        raise Invalid("not_single_value")
    raise Invalid("not_number", value=show(value))


def integer(value: Any) -> int:
    result = number(value)
    if not result.is_integer():
        raise Invalid("not_integer", value=show(value))
    return int(result)


def be_year(value: Any) -> int:
    try:
        year = integer(value)
    except Invalid as error:
        if error.code == "not_single_value":
            raise
        raise Invalid("not_year", value=show(value)) from None
    if year < BE_MIN:
        raise Invalid("ce_year", value=year, be=year + BE_OFFSET if year > 1000 else "2565")
    if year > 9999:
        raise Invalid("not_year", value=show(value))
    return year


_periods: dict[str, str] = {}


def period(value: Any) -> str:
    """The normalised period code; each distinct text is parsed once."""
    text = value if type(value) is str else as_text(value)
    code = _periods.get(text)
    if code is not None:
        return code
    found, problem = parse_period_code(text)
    if problem is not None:
        raise Invalid(problem.code, **problem.params)
    code = found.code
    if len(_periods) < 100_000:
        _periods[text] = code
    return code


def a_date(value: Any) -> date:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise Invalid("bad_date", value=show(value))
    try:
        return parse_date(value)
    except ThaiValueError as error:
        if error.code == "ce_year":
            raise Invalid("ce_date", value=show(value)) from None
        if error.code == "be_year":
            raise Invalid("be_iso_date", value=show(value)) from None
        raise Invalid("bad_date", value=show(value)) from None


def a_list(value: Any) -> list[str]:
    items = value if isinstance(value, list) else as_text(value).split(LIST_SEPARATOR)
    result: list[str] = []
    for item in items:
        text = as_text(item)
        if text and text not in result:
            result.append(text)
    return result


def url(value: Any) -> str:
    text = as_text(value)
    if not _URL_RE.fullmatch(text):
        raise Invalid("bad_url", value=text)
    if len(text) > MAX_URL:
        raise Invalid("too_long", max=MAX_URL)
    return text


def json_object(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return {str(key): item for key, item in value.items()}
    text = as_text(value)
    try:
        result = json.loads(text)
    except ValueError:
        result = None
    if not isinstance(result, dict):
        raise Invalid("bad_json_object", value=text)
    return result


def framework(value: Any) -> str:
    text = as_text(value)
    if not _FRAMEWORK_RE.fullmatch(text):
        raise Invalid("bad_code", value=text)
    return text


def converter(column: Column, max_length: int | None = None) -> Converter:
    """The converter for one column (also checks choices, minimums and the model field's length)."""
    kind = column.type
    if column.name == "framework":
        return framework
    if kind is Type.CHOICE:
        allowed = frozenset(column.choices)
        words = join_or(column.choices)

        def choice(value: Any) -> str:
            text = value.strip().lower() if type(value) is str else as_text(value).lower()
            if text not in allowed:
                raise Invalid("bad_choice", value=show(value), allowed=words)
            return text

        return choice
    if kind is Type.NUMBER and column.choices:
        options = {float(choice) for choice in column.choices}
        words = join_or(column.choices)

        def number_choice(value: Any) -> float:
            try:
                result = number(value)
            except Invalid:
                result = math.nan
            if result not in options:
                raise Invalid("bad_choice", value=show(value), allowed=words)
            return result

        return number_choice
    if kind is Type.INT and column.minimum is not None:
        minimum = column.minimum

        def bounded(value: Any) -> int:
            result = integer(value)
            if result < minimum:
                raise Invalid("below_minimum", value=result, minimum=minimum)
            return result

        return bounded
    if kind in (Type.TEXT, Type.CODE):

        limit = max_length

        def text(value: Any) -> str:
            result = value.strip() if type(value) is str else as_text(value)
            if limit is not None and len(result) > limit:
                raise Invalid("too_long", max=limit)
            return result

        return text
    return {
        Type.NUMBER: number,
        Type.INT: integer,
        Type.YEAR: be_year,
        Type.PERIOD: period,
        Type.DATE: a_date,
        Type.LIST: a_list,
        Type.URL: url,
        Type.JSON: json_object,
    }[kind]


# --- "changed?" -----------------------------------------------------------------------------------------------------

SIGNIFICANT_DIGITS = 15  # what LibreOffice keeps of a number it saves (and what Excel shows); doubles hold 15–17


def same_number(a: float, b: float) -> bool:
    """Two numbers that are the same once both are rounded to :data:`SIGNIFICANT_DIGITS` significant digits:
    65.29850746268657 (175/268 as stored) and 65.2985074626866 (as LibreOffice saves it) are the same value. Used
    only to decide whether a row changed; what is stored is never rounded."""
    return a == b or f"{a:.{SIGNIFICANT_DIGITS - 1}e}" == f"{b:.{SIGNIFICANT_DIGITS - 1}e}"


def same(new: Any, old: Any) -> bool:
    """``new == old``, with floats (also inside tuples and lists) compared by :func:`same_number`."""
    if new == old:
        return True
    if isinstance(new, float) and isinstance(old, float | int) and not isinstance(old, bool):
        return same_number(new, float(old))
    if isinstance(new, int | float) and isinstance(old, float) and not isinstance(new, bool):
        return same_number(float(new), old)
    if isinstance(new, tuple | list) and isinstance(old, tuple | list) and len(new) == len(old):
        return all(same(a, b) for a, b in zip(new, old, strict=True))
    return False

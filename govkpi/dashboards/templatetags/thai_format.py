"""Display filters for figures: ``{{ card.overall.score|score|digits:digits }}``.

The number filters give Arabic digits and accept any value the database may hold (``numbers.show_number``: 1e29,
infinity and NaN are shown, never an error); ``digits`` turns them into Thai digits when the visitor prefers them
(the ``digits`` context variable comes from ``dashboards.context_processors.preferences``). Rounding is for
display only (scoring.md §6).
"""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.translation import get_language

from govkpi.core.thai import format_date, to_thai_digits
from govkpi.dashboards.numbers import DASH, as_float, is_whole, show_number

register = template.Library()


@register.filter
def digits(value: object, preference: str = "arabic") -> str:
    """Thai digits (๐–๙) when ``preference`` is "thai"; the text unchanged otherwise."""
    text = "" if value is None else str(value)
    return to_thai_digits(text) if preference == "thai" else text


@register.filter
def score(value: float | None, decimals: int = 2) -> str:
    """A score with two decimals (``3.5`` → ``3.50``); no score → a dash."""
    return show_number(value, int(decimals))


@register.filter
def percent(value: float | None) -> str:
    """A share as a whole percentage (``0.92`` → ``92%``)."""
    number = as_float(value)
    text = DASH if number is None else show_number(number * 100, 0)
    return text if text == DASH else text + "%"


@register.filter
def count(value: float | None) -> str:
    """A whole number with thousands separators (``71.0`` → ``71``)."""
    return show_number(value, 0)


@register.filter
def bedate(value: date | None, style: str = "long") -> str:
    """A date with its Buddhist-Era year in the active language (``20 กันยายน 2565``, ``20 September 2565 BE``)."""
    if value is None:
        return DASH
    return format_date(value, "en" if get_language() == "en" else "th", style=style)


@register.filter
def figure(value: float | None) -> str:
    """A reported value: whole numbers without decimals, others with two (``12.0`` → ``12``, ``2.345`` → ``2.35``)."""
    return show_number(value, 0 if is_whole(value) else 2)


@register.filter
def signed(value: float | None) -> str:
    """A score difference with its sign (``0.5`` → ``+0.50``)."""
    number = as_float(value)
    if number is None:
        return DASH
    return ("+" if number > 0 else "") + show_number(number, 2)

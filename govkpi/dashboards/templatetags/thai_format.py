"""Display filters for figures: ``{{ card.overall.score|score|digits:digits }}``.

The number filters give Arabic digits; ``digits`` turns them into Thai digits when the visitor prefers them
(the ``digits`` context variable comes from ``dashboards.context_processors.preferences``). Rounding is for
display only (scoring.md §6).
"""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.translation import get_language

from govkpi.core.thai import format_date, format_number, to_thai_digits

register = template.Library()

DASH = "–"


@register.filter
def digits(value: object, preference: str = "arabic") -> str:
    """Thai digits (๐–๙) when ``preference`` is "thai"; the text unchanged otherwise."""
    text = "" if value is None else str(value)
    return to_thai_digits(text) if preference == "thai" else text


@register.filter
def score(value: float | None, decimals: int = 2) -> str:
    """A score with two decimals (``3.5`` → ``3.50``); no score → a dash."""
    return DASH if value is None else format_number(float(value), int(decimals))


@register.filter
def percent(value: float | None) -> str:
    """A share as a whole percentage (``0.92`` → ``92%``)."""
    return DASH if value is None else format_number(float(value) * 100, 0) + "%"


@register.filter
def count(value: float | None) -> str:
    """A whole number with thousands separators (``71.0`` → ``71``)."""
    return DASH if value is None else format_number(float(value), 0)


@register.filter
def bedate(value: date | None, style: str = "long") -> str:
    """A date with its Buddhist-Era year in the active language (``20 กันยายน 2565``, ``20 September 2565 BE``)."""
    if value is None:
        return DASH
    return format_date(value, "en" if get_language() == "en" else "th", style=style)


@register.filter
def figure(value: float | None) -> str:
    """A reported value: whole numbers without decimals, others with two (``12.0`` → ``12``, ``2.345`` → ``2.35``)."""
    if value is None:
        return DASH
    number = float(value)
    return format_number(number, 0 if number.is_integer() else 2)


@register.filter
def signed(value: float | None) -> str:
    """A score difference with its sign (``0.5`` → ``+0.50``)."""
    if value is None:
        return DASH
    return ("+" if value > 0 else "") + format_number(float(value), 2)

"""The scorecard as a text table for people (``govkpi score --format table``).

Labels come from gettext, so the caller picks the language with ``translation.override``. Scores have two
decimals, coverage is a percentage, and the columns line up in a terminal even with Thai text: Thai vowels and
tone marks above and below the line take no cell of their own (:func:`display_width`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from govkpi.core.thai import format_number, to_thai_digits

from .labels import source_label, status_label

DASH = "–"


def display_width(text: str) -> int:
    """Terminal cells: combining marks (Thai above/below vowels, tone marks) 0, wide East Asian 2, else 1."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    """Aligned columns separated by two spaces; the last column is not padded."""
    widths = [display_width(h) for h in headers]
    for row in rows:
        widths = [max(w, display_width(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = []
    for row in [list(headers), *rows]:
        cells = [
            cell if i == len(row) - 1 and not right[i] else pad(cell, widths[i], right[i]) for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


class Formatter:
    def __init__(self, digits: str = "arabic") -> None:
        self.digits = digits

    def _d(self, text: str) -> str:
        return to_thai_digits(text) if self.digits == "thai" else text

    def score(self, value: float | None) -> str:
        return DASH if value is None else format_number(value, 2, digits=self.digits)

    def percent(self, value: float | None) -> str:
        return DASH if value is None else format_number(value * 100, 0, digits=self.digits) + "%"

    def value(self, value: float | None) -> str:
        """Whole numbers without decimals, others with two (display only; JSON keeps the full value)."""
        if value is None:
            return DASH
        decimals = 0 if float(value).is_integer() else 2
        return format_number(value, decimals, digits=self.digits)

    def year(self, year: int) -> str:
        return self._d(str(year))


def _name(row: dict[str, Any], key: str) -> str:
    if get_language() == "en" and row.get(f"{key}_en"):
        return str(row[f"{key}_en"])
    return str(row.get(f"{key}_th") or "")


def render_card(card: dict[str, Any], digits: str = "arabic") -> str:
    """One scorecard as text: a title, the overall line, the goals, then the indicators."""
    f = Formatter(digits)
    title = _("Scorecard, fiscal year %(year)s: %(code)s %(name)s") % {
        "year": f.year(card["fiscal_year"]),
        "code": card["org"],
        "name": _name(card, "org_name"),
    }
    overall = card["overall"]
    lines = [
        title.strip(),
        _("Overall: score %(score)s · coverage %(coverage)s · %(status)s")
        % {
            "score": f.score(overall["score"]),
            "coverage": f.percent(overall["coverage"]),
            "status": status_label(overall["status"]),
        },
        "",
        _("Goals"),
    ]
    lines += render_table(
        [_("Goal"), _("Score"), _("Coverage"), _("Status"), _("Title")],
        [
            [g["code"], f.score(g["score"]), f.percent(g["coverage"]), status_label(g["status"]), _name(g, "title")]
            for g in card["goals"]
        ],
        [False, True, True, False, False],
    )
    lines += ["", _("Indicators")]
    lines += render_table(
        [_("Indicator"), _("Goal"), _("Weight"), _("Value"), _("Unit"), _("Score"), _("Status"), _("Source")],
        [
            [
                i["code"],
                i["goal"],
                f.value(i["weight"]),
                f.value(i["value"]),
                str(i.get("unit", "")),
                f.score(i["score"]),
                status_label(i["status"]),
                source_label(i["source"]),
            ]
            for i in card["indicators"]
        ],
        [False, False, True, True, False, True, False, False],
    )
    return "\n".join(lines)

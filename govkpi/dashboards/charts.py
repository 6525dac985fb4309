"""Chart data for the pages: labels, values, a text summary and the rows of the data table that stands beside every
chart. The chart itself is drawn in the browser by the vendored Chart.js (`static/dashboards/charts.js`); without
JavaScript the table and the summary carry everything.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from govkpi.core.thai import to_thai_digits

from .numbers import is_finite, is_whole, show_number
from .series import Point


def figure(value: float | None, digits: str = "arabic") -> str:
    """A value for people: whole numbers without decimals, others with two."""
    return show_number(value, 0 if is_whole(value) else 2, digits=digits)


def summary(labels: list[str], values: list[float], unit: str, digits: str) -> str:
    if not values:
        return _("No approved results yet.")
    if len(values) == 1:
        return _("%(label)s: %(value)s %(unit)s.") % {
            "label": labels[0],
            "value": figure(values[0], digits),
            "unit": unit,
        }
    low = min(range(len(values)), key=values.__getitem__)
    high = max(range(len(values)), key=values.__getitem__)
    return _(
        "From %(first_label)s to %(last_label)s the value went from %(first)s to %(last)s %(unit)s; "
        "lowest %(low)s (%(low_label)s), highest %(high)s (%(high_label)s)."
    ) % {
        "first_label": labels[0],
        "last_label": labels[-1],
        "first": figure(values[0], digits),
        "last": figure(values[-1], digits),
        "unit": unit,
        "low": figure(values[low], digits),
        "low_label": labels[low],
        "high": figure(values[high], digits),
        "high_label": labels[high],
    }


def chart(
    chart_id: str,
    title: str,
    labels: list[str],
    values: list[float],
    unit: str,
    digits: str,
    kind: str = "line",
    target: float | None = None,
) -> dict[str, Any]:
    return {
        "id": chart_id,
        "data_id": f"{chart_id}-data",
        "title": title,
        "summary": summary(labels, values, unit, digits),
        "rows": [(label, figure(value, digits)) for label, value in zip(labels, values, strict=True)],
        "unit": unit,
        "data": {  # JSON for the browser, which has no infinity or NaN (a target written by SQL may hold one)
            "kind": kind,
            "labels": labels,
            "values": [value if is_finite(value) else None for value in values],
            "target": target if is_finite(target) else None,
            "label": title,
            "targetLabel": _("Target"),
            "digits": digits,
        },
    }


def period_chart(chart_id: str, points: list[Point], unit: str, digits: str, target: float | None) -> dict[str, Any]:
    lang = "en" if get_language() == "en" else "th"
    labels = [p.period.label(lang, digits) for p in points]
    return chart(chart_id, _("By period"), labels, [p.value for p in points], unit, digits, "bar", target)


def year_chart(
    chart_id: str, by_year: list[dict[str, Any]], unit: str, digits: str, target: float | None
) -> dict[str, Any]:
    labels = [to_thai_digits(str(r["year"])) if digits == "thai" else str(r["year"]) for r in by_year]
    return chart(chart_id, _("By fiscal year"), labels, [r["value"] for r in by_year], unit, digits, "line", target)

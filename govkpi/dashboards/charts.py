"""Chart data for the pages: labels, values, a text summary and the rows of the data table that stands beside every
chart. The chart itself is drawn in the browser by the vendored Chart.js (`static/dashboards/charts.js`, shipped with
the package: no CDN, works offline, a file under the site's CSP); without JavaScript the table and the summary carry
everything.

What a chart draws must be comparable with the target line on it:

* `sum`: the running total from the start of the year (`Point.to_date`) against the annual target;
* `last`: the value at the end of each period (`Point.to_date`: a unit that skipped a period counts with its latest
  report, as in the year's value, so the last bar is the year's value);
* `mean`, `ratio`: the value of each period, a level the target applies to as it is.

A target is drawn whenever there is one, over the whole width, also for one point (`charts.js`). An indicator
reported only for whole years has no chart by period: the chart over years shows it once.
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
    note: str = "",
    extra: tuple[str, list[float]] | None = None,
) -> dict[str, Any]:
    """``extra``: a second column of the data table (heading, values), e.g. each period's own value beside the
    running total that is drawn."""
    rows = [(label, figure(value, digits)) for label, value in zip(labels, values, strict=True)]
    return {
        "id": chart_id,
        "data_id": f"{chart_id}-data",
        "title": title,
        "summary": summary(labels, values, unit, digits),
        "note": note,
        "target_text": _("Target: %(target)s %(unit)s.") % {"target": figure(target, digits), "unit": unit}
        if target is not None
        else "",
        "rows": rows,
        "extra_heading": extra[0] if extra else "",
        "table": [
            (label, figure(other, digits), value)
            for (label, value), other in zip(rows, extra[1], strict=True)
        ]
        if extra
        else [(label, None, value) for label, value in rows],
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


def period_chart(
    chart_id: str, points: list[Point], unit: str, digits: str, target: float | None, aggregation: str = "mean"
) -> dict[str, Any] | None:
    """The chart by period; None for an indicator reported only for whole years (the chart over years shows it)."""
    if points and all(p.period.is_whole_year for p in points):
        return None
    lang = "en" if get_language() == "en" else "th"
    labels = [p.period.label(lang, digits) for p in points]
    shown = [p.shown(aggregation) for p in points]
    if aggregation == "sum":
        return chart(
            chart_id,
            _("Running total by period"),
            labels,
            shown,
            unit,
            digits,
            "bar",
            target,
            _("Each bar is the total from the start of the fiscal year to the end of the period, "
              "drawn against the annual target."),
            (_("In the period"), [p.value for p in points]),
        )
    if aggregation == "last":
        note = _("Each bar is the value at the end of the period; a unit that did not report a period counts "
                 "with its latest report, as in the year's value.")
    else:
        note = _("Each bar is the value of the period; the year's value combines all periods.")
    return chart(chart_id, _("By period"), labels, shown, unit, digits, "bar", target, note)


def year_chart(
    chart_id: str, by_year: list[dict[str, Any]], unit: str, digits: str, target: float | None
) -> dict[str, Any]:
    labels = [to_thai_digits(str(r["year"])) if digits == "thai" else str(r["year"]) for r in by_year]
    return chart(chart_id, _("By fiscal year"), labels, [r["value"] for r in by_year], unit, digits, "line", target)

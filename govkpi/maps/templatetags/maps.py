"""``{% load maps %}{% district_map %}`` — the province's districts by overall status (home page: needs ``year`` and
``province`` in the context); ``{% district_map breakdown %}`` — by the status of the rows whose ``group`` is
"district" (the indicator page's breakdown)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext

from govkpi.maps.build import district_map as build_map
from govkpi.maps.build import overall_rows

register = template.Library()


@register.inclusion_tag("maps/_map.html", takes_context=True)
def district_map(context: template.Context, rows: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    year, province = context.get("year"), context.get("province")
    if rows is None:
        if year is None or province is None:
            return {"map": None}
        rows = overall_rows(year, province)
        caption = gettext("Districts by overall status")
    else:
        rows = [row for row in rows if row.get("group") == "district"]
        caption = gettext("Districts by the status of this indicator")
    return {"map": {**build_map(rows), "caption": caption}, "year": year, "digits": context.get("digits", "arabic")}

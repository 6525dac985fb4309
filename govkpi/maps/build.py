"""What a map of districts shows: one area per district with its status, drawn from the loaded boundaries when every
district has one (a choropleth), else as a tile map. Statuses come from the scorecards, never recomputed here.

`district_map` runs one query (the boundaries); `overall_rows` four more (the districts and the year's data).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils.translation import get_language

from govkpi.core.geometry import GeometryError, Projection, Shape, bounds, label_point, read_shape, svg_path
from govkpi.orgs.choices import OrgKind
from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.card import Scorer
from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.labels import STATUS_LABELS, status_label
from govkpi.scorecards.loading import load_year

from .choices import AreaLevel
from .models import Boundary
from .places import district_tiles

WIDTH = 400  # viewBox units; the SVG scales to its box
TILE = 96
GAP = 6
SYMBOLS = {"achieved": "✓", "at_risk": "!", "not_achieved": "✕", "no_data": "?"}
SHORT_NAME = 14  # characters of a district's name written on its tile; the full name is in its title and the table


def overall_rows(year: int, province: OrgUnit) -> list[dict[str, Any]]:
    """Each district of the province with its overall score and status, as its scorecard has them."""
    districts = OrgUnit.objects.subtree(province).filter(kind=OrgKind.DISTRICT).order_by("code")
    rows = list(districts.values("id", "code", "name_th", "name_en"))
    if not rows:
        return []
    try:
        scorer = Scorer(load_year(year, root=province))
    except ScorecardError:  # no criteria in the year: no statuses to show
        return []
    out = []
    for row in rows:
        overall = scorer.card(row["id"])["overall"]
        english = get_language() == "en" and row["name_en"]
        out.append(
            {
                "code": row["code"],
                "name": row["name_en"] if english else row["name_th"],
                "score": overall["score"],
                "status": overall["status"],
                "status_label": status_label(overall["status"]),
            }
        )
    return out


def _short(name: str) -> str:
    for word in ("อำเภอ", " District"):
        name = name.replace(word, "")
    return name if len(name) <= SHORT_NAME else name[: SHORT_NAME - 1] + "…"


def _shapes(stored: dict[str, Any]) -> dict[str, Shape] | None:
    """The stored geometries, checked again: a row edited by hand draws a tile map, never an error page."""
    try:
        return {code: read_shape({"type": "MultiPolygon", "coordinates": g}) for code, g in stored.items()}
    except GeometryError:
        return None


def district_map(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The template context of `maps/_map.html` for rows with ``code``, ``name``, ``status``, ``status_label`` and
    ``score`` — one per district; areas and table by code."""
    rows = sorted(rows, key=lambda r: r["code"])
    codes = tuple(r["code"] for r in rows)
    boundaries = Boundary.objects.filter(level=AreaLevel.DISTRICT, code__in=codes)
    loaded = list(boundaries.values_list("code", "geometry", "attribution"))
    stored = {code: geometry for code, geometry, _ in loaded}
    attributions = sorted({attribution for _, _, attribution in loaded if attribution})
    areas = [{**row, "symbol": SYMBOLS.get(row["status"], "?"), "short": _short(row["name"])} for row in rows]
    counts = Counter(row["status"] for row in rows)
    legend = [
        {"status": status, "label": str(label), "symbol": SYMBOLS[status], "count": counts.get(status, 0)}
        for status, label in STATUS_LABELS.items()
    ]
    context: dict[str, Any] = {"areas": areas, "legend": legend, "width": WIDTH}
    drawn = _shapes(stored) if areas and len(stored) == len(areas) else None
    if drawn is not None:
        projection = Projection.fit(bounds(drawn.values()), WIDTH, padding=6, max_height=WIDTH * 1.25)
        for area in areas:
            shape = drawn[area["code"]]
            area["d"] = svg_path(shape, projection)
            area["x"], area["y"] = (round(v, 1) for v in projection(label_point(shape)))
        return {**context, "kind": "choropleth", "height": projection.height, "attributions": attributions}
    tiles = district_tiles(codes)
    columns = max((c for c, _ in tiles.values()), default=0) + 1
    rows_used = max((r for _, r in tiles.values()), default=0) + 1
    step = TILE + GAP
    for area in areas:
        column, row = tiles[area["code"]]
        area["x"], area["y"] = column * step, row * step
    return {**context, "kind": "tiles", "tile": TILE, "width": columns * step - GAP, "height": rows_used * step - GAP}

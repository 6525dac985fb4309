"""Where each district lies without a boundary file: the mean position of its subdistricts in the shipped official
data (`govkpi/data/thai-admin-areas/sub_districts.csv`, latitude and longitude for most subdistricts)."""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import lru_cache

from govkpi.core.geometry import Point, tile_grid
from govkpi.orgs.admin_areas import DATA_DIR


@lru_cache(maxsize=1)
def district_centres() -> dict[str, Point]:
    """District code → (longitude, latitude), for the districts with at least one located subdistrict."""
    points: dict[str, list[Point]] = defaultdict(list)
    with open(DATA_DIR / "sub_districts.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("deleted_at") or not row.get("lat") or not row.get("long"):
                continue
            points[row["district_id"]].append((float(row["long"]), float(row["lat"])))
    return {
        code: (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)) for code, pts in points.items()
    }


@lru_cache(maxsize=64)
def district_tiles(codes: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """(column, row) of each district on a tile map, roughly as they lie (`core.geometry.tile_grid`)."""
    centres = district_centres()
    return tile_grid({code: centres.get(code) for code in codes})

"""Maps without a GIS: GeoJSON areas read and checked, simplified, projected into an SVG viewBox; tile grids.

* :func:`read_collection` — a GeoJSON FeatureCollection (already parsed) → :class:`Feature` list (code, shape).
* :func:`area_code` — the official area code of a feature from its usual properties (``TH5401`` → ``5401``).
* :func:`read_shape` — a Polygon or MultiPolygon → a :data:`Shape` (always a list of polygons).
* :func:`simplify_shape` — rounded and Douglas–Peucker simplified, rings kept closed.
* :class:`Projection` — equirectangular, x scaled by cos(mean latitude), fitted to a viewBox width.
* :func:`svg_path` — a shape as the ``d`` of an SVG path.
* :func:`tile_grid` — one cell per area, near its place, no two in one cell.

Errors are :class:`GeometryError` with ``params`` ``feature`` (0-based index) and ``property`` where they apply.
Codes: ``not_collection``, ``not_feature``, ``no_code``, ``bad_code``, ``duplicate_code``, ``bad_geometry``,
``bad_coordinates``, ``empty``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .errors import CoreError

Point = tuple[float, float]  # (longitude, latitude), or (x, y) once projected
Ring = list[Point]
Polygon = list[Ring]  # outer ring, then holes
Shape = list[Polygon]  # a MultiPolygon; a Polygon is a shape of one

# Where COD-AB (OCHA), GIS offices and hand-made files put the code, most specific first: a subdistrict of COD-AB's
# admin level 3 also carries its district's ADM2_PCODE.
CODE_PROPERTIES = ("code", "ADM3_PCODE", "ADM2_PCODE", "ADM1_PCODE", "pcode", "PCODE", "id")
CODE_PATTERN = re.compile(r"^(?:TH)?(\d{2}|\d{4}|\d{6})$", re.IGNORECASE)
LEVELS = {2: "province", 4: "district", 6: "subdistrict"}


class GeometryError(CoreError):
    """A GeoJSON file or geometry that cannot be drawn (codes in the module docstring)."""


@dataclass(frozen=True)
class Feature:
    index: int
    code: str
    level: str
    property: str  # where the code was found
    shape: Shape


def area_code(properties: Mapping[str, object], feature_id: object = None) -> tuple[str, str]:
    """(official code, property it came from): ``5401``, ``540101`` or COD-AB's ``TH5401`` style."""
    candidates = [(name, properties.get(name)) for name in CODE_PROPERTIES] + [("id", feature_id)]
    for name, value in candidates:
        if value is None or value == "":
            continue
        text = str(value).strip()
        match = CODE_PATTERN.match(text)
        if match is None:
            raise GeometryError("bad_code", f"{name}={text!r} is not an area code", {"property": name, "value": text})
        return match.group(1), name
    raise GeometryError("no_code", "no area code", {"property": " / ".join(CODE_PROPERTIES)})


def read_collection(data: object) -> list[Feature]:
    """Every feature of a FeatureCollection with its code and shape; the first problem raises, located."""
    if (
        not isinstance(data, Mapping)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise GeometryError("not_collection", "not a GeoJSON FeatureCollection", {"property": "type"})
    features: list[Feature] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data["features"]):
        if not isinstance(item, Mapping) or item.get("type") != "Feature":
            raise GeometryError("not_feature", "not a GeoJSON Feature", {"feature": index, "property": "type"})
        properties = item.get("properties") or {}
        if not isinstance(properties, Mapping):
            raise GeometryError(
                "not_feature", "properties is not an object", {"feature": index, "property": "properties"}
            )
        try:
            code, where = area_code(properties, item.get("id"))
            shape = read_shape(item.get("geometry"))
        except GeometryError as error:
            raise GeometryError(
                error.code, f"feature {index}: {error.message}", {**error.params, "feature": index}
            ) from error
        if code in seen:
            raise GeometryError(
                "duplicate_code",
                f"feature {index}: code {code} already in feature {seen[code]}",
                {"feature": index, "property": where, "value": code, "other": seen[code]},
            )
        seen[code] = index
        features.append(Feature(index, code, LEVELS[len(code)], where, shape))
    if not features:
        raise GeometryError("empty", "the collection has no features", {"property": "features"})
    return features


def read_shape(geometry: object) -> Shape:
    """A GeoJSON Polygon or MultiPolygon as a list of polygons; positions are checked, rings closed."""
    if not isinstance(geometry, Mapping) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, Mapping) else None
        raise GeometryError(
            "bad_geometry", f"geometry {kind!r} is not a Polygon or MultiPolygon", {"property": "geometry"}
        )
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise GeometryError("bad_coordinates", "no coordinates", {"property": "geometry.coordinates"})
    return [_polygon(polygon, i) for i, polygon in enumerate(polygons)]


def _polygon(rings: object, index: int) -> Polygon:
    if not isinstance(rings, list) or not rings:
        raise GeometryError("bad_coordinates", f"polygon {index} has no rings", {"property": "geometry.coordinates"})
    return [_ring(ring, index) for ring in rings]


def _ring(positions: object, polygon: int) -> Ring:
    where = {"property": "geometry.coordinates", "polygon": polygon}
    if not isinstance(positions, list):
        raise GeometryError("bad_coordinates", "a ring is not a list of positions", where)
    ring: Ring = []
    for position in positions:
        if not isinstance(position, list | tuple) or len(position) < 2:
            raise GeometryError("bad_coordinates", f"position {position!r} is not [longitude, latitude]", where)
        lon, lat = position[0], position[1]
        if (
            isinstance(lon, bool)
            or isinstance(lat, bool)
            or not isinstance(lon, int | float)
            or not isinstance(lat, int | float)
        ):
            raise GeometryError("bad_coordinates", f"position {position!r} is not numeric", where)
        if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
            raise GeometryError("bad_coordinates", f"position {position!r} is outside longitude/latitude", where)
        ring.append((float(lon), float(lat)))
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    if len(set(ring)) < 3:
        raise GeometryError("bad_coordinates", "a ring needs at least three distinct positions", where)
    return ring


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: the points farther than ``tolerance`` from the simplified line are kept (iterative)."""
    if len(points) < 3 or tolerance <= 0:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance_to_segment(points[i], points[first], points[last])
            if d > far:
                far, index = d, i
        if index >= 0 and far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _simplify_ring(ring: Ring, tolerance: float, digits: int) -> Ring | None:
    rounded = [(round(x, digits), round(y, digits)) for x, y in ring]
    unique = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
    if len(unique) < 4:
        return None
    # A closed ring's two ends coincide; split at the point farthest from the start so both halves keep their shape.
    far = max(range(len(unique)), key=lambda i: (unique[i][0] - unique[0][0]) ** 2 + (unique[i][1] - unique[0][1]) ** 2)
    out = simplify(unique[: far + 1], tolerance)[:-1] + simplify(unique[far:], tolerance)
    return out if len(set(out)) >= 3 else None


def simplify_shape(shape: Shape, tolerance: float, digits: int) -> Shape:
    """Rounded to ``digits`` and simplified; rings (and polygons) that collapse are dropped, but never all of them."""
    out: Shape = []
    for polygon in shape:
        outer = _simplify_ring(polygon[0], tolerance, digits)
        if outer is None:
            continue
        holes = [ring for ring in (_simplify_ring(r, tolerance, digits) for r in polygon[1:]) if ring is not None]
        out.append([outer, *holes])
    if not out:  # too small to simplify: keep the largest polygon's outer ring, only rounded
        biggest = max(shape, key=lambda polygon: abs(ring_area(polygon[0])))
        out = [[[(round(x, digits), round(y, digits)) for x, y in biggest[0]]]]
    return out


def ring_area(ring: Sequence[Point]) -> float:
    """Signed area (shoelace), in the units of the points."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def bounds(shapes: Iterable[Shape]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of all the shapes' outer rings."""
    xs: list[float] = []
    ys: list[float] = []
    for shape in shapes:
        for polygon in shape:
            xs += [p[0] for p in polygon[0]]
            ys += [p[1] for p in polygon[0]]
    if not xs:
        raise GeometryError("empty", "no shape to fit", {})
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Projection:
    """Equirectangular: x = (lon − west)·cos(φ₀)·k, y = (north − lat)·k, fitted to ``width`` with ``padding``."""

    west: float
    north: float
    scale: float  # viewBox units per degree of latitude
    aspect: float  # cos of the mean latitude
    padding: float
    width: float
    height: float
    left: float  # the x of the western edge: the shape is centred when the height limits the scale

    @classmethod
    def fit(
        cls, box: tuple[float, float, float, float], width: float = 400, padding: float = 4, max_height: float = 500
    ) -> Projection:
        west, south, east, north = box
        aspect = math.cos(math.radians((south + north) / 2))
        span_x, span_y = max((east - west) * aspect, 1e-9), max(north - south, 1e-9)
        scale = min((width - 2 * padding) / span_x, (max_height - 2 * padding) / span_y)
        left = (width - span_x * scale) / 2
        return cls(west, north, scale, aspect, padding, width, round(span_y * scale + 2 * padding, 1), left)

    def __call__(self, point: Point) -> Point:
        return (
            self.left + (point[0] - self.west) * self.aspect * self.scale,
            self.padding + (self.north - point[1]) * self.scale,
        )


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def svg_path(shape: Shape, projection: Projection, tolerance: float = 0.5) -> str:
    """The ``d`` attribute: every ring projected, simplified to ``tolerance`` viewBox units, rounded to 0.1."""
    parts = []
    for polygon in shape:
        for ring in polygon:
            points = _simplify_ring([projection(p) for p in ring], tolerance, 1)
            if points is None:
                continue
            head, *rest = points[:-1]
            parts.append(
                f"M{_number(head[0])} {_number(head[1])}"
                + "".join(f"L{_number(x)} {_number(y)}" for x, y in rest)
                + "Z"
            )
    return "".join(parts)


def label_point(shape: Shape) -> Point:
    """Where a label goes: the centroid of the largest polygon's outer ring (its vertex mean if it has no area)."""
    ring = max((polygon[0] for polygon in shape), key=lambda r: abs(ring_area(r)))
    area = ring_area(ring)
    if abs(area) < 1e-12:
        return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    cx = sum((a[0] + b[0]) * (a[0] * b[1] - b[0] * a[1]) for a, b in zip(ring, ring[1:], strict=False))
    cy = sum((a[1] + b[1]) * (a[0] * b[1] - b[0] * a[1]) for a, b in zip(ring, ring[1:], strict=False))
    return cx / (6 * area), cy / (6 * area)


def tile_grid(places: Mapping[str, Point | None]) -> dict[str, tuple[int, int]]:
    """(column, row) per code, no two in one cell: the places are scaled onto a grid about as wide as they are, each
    takes the free cell nearest its place (north first), then moves and swaps that bring areas nearer their places
    are made until none is left. Codes without a place fill the first free cells after the others."""
    located = {code: point for code, point in places.items() if point is not None}
    count = len(places)
    if not count:
        return {}
    want: dict[str, Point] = {}
    columns = rows = 1
    if located:
        lat0 = math.radians(sum(p[1] for p in located.values()) / len(located))
        xs = {code: p[0] * math.cos(lat0) for code, p in located.items()}
        ys = {code: -p[1] for code, p in located.items()}
        span_x = max(xs.values()) - min(xs.values()) or 1.0
        span_y = max(ys.values()) - min(ys.values()) or 1.0
        columns = max(1, min(count, math.ceil(math.sqrt(count * span_x / span_y))))
        rows = max(1, min(count, math.ceil(math.sqrt(count * span_y / span_x))))
        want = {
            code: (
                (xs[code] - min(xs.values())) / span_x * (columns - 1),
                (ys[code] - min(ys.values())) / span_y * (rows - 1),
            )
            for code in located
        }
    grid = [(c, r) for r in range(rows + 1) for c in range(columns + 1)]  # one spare row and column

    def cost(code: str, cell: tuple[int, int]) -> float:
        return (cell[0] - want[code][0]) ** 2 + (cell[1] - want[code][1]) ** 2

    cells: dict[str, tuple[int, int]] = {}
    for code in sorted(want, key=lambda c: (want[c][1], want[c][0], c)):
        taken = set(cells.values())
        cells[code] = min(
            (cell for cell in grid if cell not in taken), key=lambda cell: (cost(code, cell), cell[1], cell[0])
        )
    improved = True
    while improved:
        improved = False
        for code in sorted(want):
            occupant = {cell: other for other, cell in cells.items()}
            for cell in grid:
                other = occupant.get(cell)
                if other == code:
                    continue
                before = cost(code, cells[code]) + (cost(other, cell) if other else 0)
                after = cost(code, cell) + (cost(other, cells[code]) if other else 0)
                if after < before - 1e-9:
                    if other:
                        cells[other] = cells[code]
                    cells[code] = cell
                    improved = True
                    break
    spare = (
        cell
        for cell in sorted(
            set(grid) | {(c, rows + 1 + r) for r in range(count) for c in range(columns + 1)},
            key=lambda cr: (cr[1], cr[0]),
        )
        if cell not in set(cells.values())
    )
    for code in sorted(set(places) - set(located)):
        cells[code] = next(spare)
    left = min(c for c, _ in cells.values())
    top = min(r for _, r in cells.values())
    return {code: (c - left, r - top) for code, (c, r) in cells.items()}

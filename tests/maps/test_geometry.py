"""govkpi.core.geometry: GeoJSON read and checked, simplified, projected to SVG paths, tile grids (pure)."""

import math

import pytest

from govkpi.core.geometry import (
    GeometryError,
    Projection,
    area_code,
    bounds,
    label_point,
    read_collection,
    read_shape,
    simplify,
    simplify_shape,
    svg_path,
    tile_grid,
)

SQUARE = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]


def feature(properties, geometry=None, **extra):
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": geometry or {"type": "Polygon", "coordinates": [SQUARE]},
        **extra,
    }


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        ({"code": "5401"}, ("5401", "code")),
        ({"ADM2_PCODE": "TH5401", "ADM1_PCODE": "TH54"}, ("5401", "ADM2_PCODE")),
        ({"ADM3_PCODE": "TH540101", "ADM2_PCODE": "TH5401"}, ("540101", "ADM3_PCODE")),
        ({"pcode": "th54"}, ("54", "pcode")),
        ({"id": 5402}, ("5402", "id")),
    ],
)
def test_it_finds_the_code_in_the_usual_properties(properties, expected):
    assert area_code(properties) == expected


def test_it_takes_the_feature_id_last_and_says_where_it_looked():
    assert area_code({}, "TH5403") == ("5403", "id")
    with pytest.raises(GeometryError) as error:
        area_code({"name": "Long"})
    assert error.value.code == "no_code"


def test_a_code_that_is_not_an_area_code_is_refused():
    with pytest.raises(GeometryError) as error:
        area_code({"ADM2_PCODE": "TH540"})
    assert (error.value.code, error.value.params["property"]) == ("bad_code", "ADM2_PCODE")


def test_polygons_become_shapes_of_one_and_open_rings_are_closed():
    shape = read_shape({"type": "Polygon", "coordinates": [SQUARE[:-1]]})
    assert shape == [[[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]]]
    multi = read_shape({"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE]]})
    assert len(multi) == 2


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [100, 18]},
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, "x"], [1, 1], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 91], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, float("nan")], [0, 0]]]},
        None,
    ],
)
def test_what_is_not_a_polygon_is_refused(geometry):
    with pytest.raises(GeometryError):
        read_shape(geometry)


def test_a_collection_problem_names_the_feature_and_the_property():
    data = {
        "type": "FeatureCollection",
        "features": [feature({"code": "5401"}), feature({"code": "5402"}, {"type": "LineString"})],
    }
    with pytest.raises(GeometryError) as error:
        read_collection(data)
    assert error.value.code == "bad_geometry"
    assert error.value.params == {"property": "geometry", "feature": 1}


def test_a_code_twice_is_refused():
    data = {"type": "FeatureCollection", "features": [feature({"code": "5401"}), feature({"pcode": "TH5401"})]}
    with pytest.raises(GeometryError) as error:
        read_collection(data)
    assert (error.value.code, error.value.params["feature"], error.value.params["other"]) == ("duplicate_code", 1, 0)


@pytest.mark.parametrize("data", [[], {"type": "Feature"}, {"type": "FeatureCollection", "features": []}])
def test_only_a_feature_collection_with_features_is_read(data):
    with pytest.raises(GeometryError):
        read_collection(data)


def test_levels_follow_the_length_of_the_code():
    data = {
        "type": "FeatureCollection",
        "features": [feature({"code": "54"}), feature({"code": "5401"}), feature({"code": "540101"})],
    }
    assert [f.level for f in read_collection(data)] == ["province", "district", "subdistrict"]


def test_douglas_peucker_drops_points_within_the_tolerance_only():
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (3.0, 1.0)]
    assert simplify(line, 0.1) == [(0.0, 0.0), (2.0, 0.0), (3.0, 1.0)]
    assert simplify(line, 0.001) == line


def test_simplified_rings_stay_closed_and_a_tiny_shape_is_not_lost():
    wiggly = [[(x / 10, 0.001 * (x % 2)) for x in range(11)] + [(1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]]
    out = simplify_shape([wiggly], 0.01, 5)
    ring = out[0][0]
    assert ring[0] == ring[-1] and len(ring) == 5
    tiny = [[[(0.0, 0.0), (1e-7, 0.0), (1e-7, 1e-7), (0.0, 0.0)]]]
    assert simplify_shape(tiny, 0.01, 3) != []


def test_the_projection_scales_longitude_by_the_cosine_of_the_latitude_and_fits_the_width():
    box = (100.0, 17.0, 101.0, 19.0)
    projection = Projection.fit(box, width=400, padding=0, max_height=10_000)
    west_north = projection((100.0, 19.0))
    east_south = projection((101.0, 17.0))
    assert west_north == pytest.approx((0.0, 0.0))
    assert east_south[0] == pytest.approx(400.0)
    assert east_south[1] == pytest.approx(
        400 / math.cos(math.radians(18)) * 2
    )  # 2° of latitude against 1° of longitude
    assert projection.height == pytest.approx(east_south[1], abs=0.1)


def test_a_tall_area_is_limited_by_the_height_and_centred():
    projection = Projection.fit((0.0, 0.0, 1.0, 10.0), width=400, padding=0, max_height=500)
    assert projection.height == pytest.approx(500)
    left, right = projection((0.0, 0.0))[0], projection((1.0, 0.0))[0]
    assert left == pytest.approx(400 - right) and left > 0


def test_an_svg_path_is_projected_rounded_and_closed():
    projection = Projection.fit((0.0, 0.0, 1.0, 1.0), width=100, padding=0)
    d = svg_path([[[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]]], projection)
    assert d == "M0 100L100 100L100 0L0 0Z"
    assert (
        svg_path([[[(0.0, 0.0), (0.33333, 0.0), (0.33333, 0.33333), (0.0, 0.0)]]], projection)
        == "M0 100L33.3 100L33.3 66.7Z"
    )


def test_the_label_point_is_the_centroid_of_the_largest_polygon():
    small = [[(10.0, 10.0), (11.0, 10.0), (11.0, 11.0), (10.0, 10.0)]]
    big = [[(0.0, 0.0), (4.0, 0.0), (4.0, 2.0), (0.0, 2.0), (0.0, 0.0)]]
    assert label_point([small, big]) == pytest.approx((2.0, 1.0))
    assert bounds([[small, big]]) == (0.0, 0.0, 11.0, 11.0)


def test_tiles_keep_north_above_south_and_west_left_of_east_with_no_two_in_a_cell():
    places = {"N": (100.0, 19.0), "S": (100.0, 17.0), "W": (99.0, 18.0), "E": (101.0, 18.0), "C": (100.0, 18.0)}
    cells = tile_grid(places)
    assert len(set(cells.values())) == len(places)
    assert cells["N"][1] < cells["C"][1] < cells["S"][1]
    assert cells["W"][0] < cells["C"][0] < cells["E"][0]


def test_tiles_for_the_same_place_and_without_a_place_never_collide():
    cells = tile_grid({"a": (100.0, 18.0), "b": (100.0, 18.0), "c": (100.0, 18.0), "d": None, "e": None})
    assert len(set(cells.values())) == 5
    assert min(c for c, _ in cells.values()) == 0 and min(r for _, r in cells.values()) == 0
    assert tile_grid({}) == {}

"""The home and indicator pages show the districts on a map: a tile map without boundaries, a choropleth once they
are loaded; one area per district, each with its scorecard's status, in words and in the table beside it."""

import re
from pathlib import Path

import pytest

from govkpi.maps.actions import load_boundaries
from govkpi.maps.build import overall_rows
from govkpi.maps.models import Boundary
from govkpi.scorecards.services import score_org

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).with_name("phrae-districts.geojson")
DISTRICTS = ("5401", "5402", "5403")
AREA = re.compile(
    r'<a href="/orgs/(\d+)/\?fy=2565" class="area-map__area area-map__area--(\w+)"[^>]*>\s*<title>([^<]*)</title>'
    r"\s*<(path|rect) "
)


def areas(html: str) -> dict[str, tuple[str, str, str]]:
    """code → (status, title, shape element) of every area drawn on the map."""
    found = AREA.findall(html)
    assert len(found) == len({code for code, *_ in found})
    return {code: (status, title, element) for code, status, title, element in found}


def load_fixture(attribution: str = "") -> None:
    content = FIXTURE.read_bytes()
    load_boundaries(
        content, source=FIXTURE.name, replace=False, acting_user=None, channel="cli", attribution=attribution
    )


def overall_statuses(phrae) -> dict[str, str]:
    return {code: score_org(2565, phrae.orgs[code])["overall"]["status"] for code in DISTRICTS}


def indicator_statuses(phrae, indicator: str) -> dict[str, str]:
    out = {}
    for code in DISTRICTS:
        row = next(r for r in score_org(2565, phrae.orgs[code])["indicators"] if r["code"] == indicator)
        out[code] = row["status"]
    return out


def test_without_boundaries_the_home_page_shows_a_tile_per_district_with_its_overall_status(client, phrae):
    html = client.get("/").content.decode()
    drawn = areas(html)
    expected = overall_statuses(phrae)
    assert {code: status for code, (status, _, _) in drawn.items()} == expected
    assert set(expected.values()) >= {"achieved", "at_risk", "no_data"}  # the test data tells statuses apart
    assert {element for _, _, element in drawn.values()} == {"rect"}
    assert drawn["5402"][1] == "อำเภอร้องกวาง: เสี่ยง"
    assert 'role="group" aria-labelledby="area-map-title"' in html
    assert "อำเภอจำแนกตามสถานะภาพรวม" in html
    for code in DISTRICTS:  # the data table next to the map
        assert f'<tr data-code="{code}">' in html


def test_after_loading_boundaries_the_home_page_draws_them_with_their_attribution(client, phrae):
    load_fixture(attribution="Synthetic test shapes, CC0")
    html = client.get("/").content.decode()
    drawn = areas(html)
    assert {code: status for code, (status, _, _) in drawn.items()} == overall_statuses(phrae)
    assert {element for _, _, element in drawn.values()} == {"path"}
    path_5402 = re.search(r'data-code="5402"[^>]*>\s*<title>[^<]*</title>\s*<path d="([^"]+)"', html).group(1)
    assert path_5402.count("M") == 2 and path_5402.endswith("Z")  # both parts of the MultiPolygon
    assert 'data-kind="choropleth"' in html
    assert "ขอบเขตพื้นที่: Synthetic test shapes, CC0" in html


def test_the_indicator_page_colours_districts_by_that_indicator(client, phrae):
    for loaded in (False, True):
        if loaded:
            load_fixture()
        html = client.get("/indicators/G01-2/").content.decode()
        drawn = areas(html)
        assert {code: status for code, (status, _, _) in drawn.items()} == indicator_statuses(phrae, "G01-2")
        assert {element for _, _, element in drawn.values()} == ({"path"} if loaded else {"rect"})


def test_the_map_speaks_english_too(client, phrae):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Districts by overall status" in html
    assert "Unit 5402 District" not in html and "Unit 5402: at risk" in html


def test_a_stored_geometry_that_cannot_be_drawn_gives_a_tile_map_not_an_error(client, phrae):
    load_fixture()
    Boundary.objects.filter(code="5401").update(geometry={"not": "a shape"})
    response = client.get("/")
    assert response.status_code == 200
    assert 'data-kind="tiles"' in response.content.decode()


def test_a_district_without_a_boundary_gives_a_tile_map(client, phrae):
    load_fixture()
    Boundary.objects.filter(code="5403").delete()
    assert 'data-kind="tiles"' in client.get("/").content.decode()


def test_a_year_without_criteria_draws_no_map_and_no_error(phrae):
    assert overall_rows(2570, phrae.orgs["54"]) == []

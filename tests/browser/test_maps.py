"""The district maps in a real browser: Thai and English, 1280 and 390 px, a tile map and a choropleth; no serious
axe issue, no horizontal scroll on a phone, each area a link named by its district and status."""

from __future__ import annotations

from pathlib import Path

import pytest

from govkpi.maps.actions import load_boundaries
from tests.dashboards.conftest import add_awards
from tests.scorecards.builders import build_phrae

from .conftest import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURE = Path(__file__).resolve().parents[1] / "maps" / "phrae-districts.geojson"
PAGES = ("/", "/indicators/G01-2/")


@pytest.fixture
def phrae(transactional_db):
    data = build_phrae()
    add_awards(data)
    return data


def check_map(tab, kind: str) -> None:
    svg = tab.locator("svg.area-map__svg")
    assert svg.get_attribute("data-kind") == kind
    assert svg.get_attribute("role") == "group" and tab.locator("#area-map-title").count() == 1
    assert tab.locator("a.area-map__area").count() == 3  # one per district
    assert tab.locator(".area-map__table tbody tr").count() == 3
    box = svg.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 50
    assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert axe_violations(tab) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_tile_map_in_thai_and_english(browser, live_server, phrae, artifacts, width):
    context = new_context(browser, width, 844)
    tab = context.new_page()
    try:
        for path in PAGES:
            tab.goto(live_server.url + path)
            assert tab.get_by_role("heading", level=2, name="อำเภอจำแนกตาม", exact=False).is_visible()
            check_map(tab, "tiles")
        tab.locator("section.area-map").screenshot(path=str(artifacts / f"map-tiles-th-{width}.png"))
        with tab.expect_navigation():
            tab.get_by_role("button", name="English").click()
        for path in PAGES:
            tab.goto(live_server.url + path)
            assert tab.get_attribute("html", "lang") == "en"
            assert tab.get_by_role("heading", level=2, name="Districts by", exact=False).is_visible()
            check_map(tab, "tiles")
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_choropleth_after_loading_boundaries(browser, live_server, phrae, artifacts, width):
    load_boundaries(FIXTURE.read_bytes(), source=FIXTURE.name, replace=False, acting_user=None, channel="cli")
    context = new_context(browser, width, 844)
    tab = context.new_page()
    try:
        for path in PAGES:
            tab.goto(live_server.url + path)
            check_map(tab, "choropleth")
        tab.locator("section.area-map").screenshot(path=str(artifacts / f"map-choropleth-th-{width}.png"))
        with tab.expect_navigation():
            tab.get_by_role("button", name="English").click()
        for path in PAGES:
            tab.goto(live_server.url + path)
            check_map(tab, "choropleth")
        with tab.expect_navigation():
            tab.locator('a.area-map__area[data-code="5402"]').click()
        assert tab.url.endswith("/orgs/5402/?fy=2565")
    finally:
        context.close()

"""The public documents list and the open-data pages in a real browser: Thai, 360 px, no serious axe issues."""

from __future__ import annotations

import pytest

from govkpi.demo.actions import load_demo
from govkpi.reports.actions import generate_document

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(transactional_db):
    load_demo()
    return generate_document(
        kind="press-release", fiscal_year=2565, fmt="html", publish=True, acting_user=None, channel="cli"
    )


@pytest.mark.parametrize("path", ["/reports/", "/open-data/", "/open-data/awards/?fiscal_year=2565&category=ita"])
def test_public_pages_pass_axe_at_desktop_and_phone_width(page, live_server, published, artifacts, path):
    page.goto(live_server.url + path)
    assert page.get_attribute("html", "lang") == "th"
    assert page.get_by_role("heading", level=1).is_visible()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 360, "height": 800})
    assert axe_violations(page) == []
    name = path.strip("/").split("?")[0].replace("/", "-")
    page.screenshot(path=str(artifacts / f"{name}-360.png"), full_page=True)


def test_a_number_in_the_published_release_leads_to_its_records(page, live_server, published):
    page.goto(live_server.url + "/reports/")
    with page.expect_navigation():
        page.get_by_role("link", name="ข่าวประชาสัมพันธ์", exact=False).first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="๕๑", exact=True).click()
    assert "รายการเหล่านี้รวมเป็น 51 รางวัล" in page.inner_text("main")

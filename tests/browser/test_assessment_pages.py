"""Assessment and award pages in a real browser: Thai first, English by a click, 360 px, no serious axe issues."""

from __future__ import annotations

import pytest

from govkpi.demo.actions import load_demo

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    """A Thai-speaking visitor's tab; bypass_csp lets axe-core be injected under the site's script-src 'self'."""
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def demo(transactional_db, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    load_demo()


def test_the_ita_page_in_thai_then_english(page, live_server, demo, artifacts):
    page.goto(live_server.url + "/assessments/ita/2565/")
    assert page.get_attribute("html", "lang") == "th"
    assert page.get_by_role("heading", level=2, name="จุดอ่อนที่ต้องแก้ไข").is_visible()
    assert "99.15" in page.inner_text("#results")
    page.screenshot(path=str(artifacts / "assessments-ita-th.png"), full_page=True)
    assert axe_violations(page) == []

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_role("heading", level=2, name="Weak spots").is_visible()
    assert "not passed" in page.inner_text("#results")
    page.screenshot(path=str(artifacts / "assessments-ita-en.png"), full_page=True)
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/assessments/", "/assessments/gecc/2565/", "/assessments/moral/2565/"])
def test_other_assessment_pages_have_no_serious_axe_issues(page, live_server, demo, path):
    page.goto(live_server.url + path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_the_awards_page_shows_the_mismatch_in_both_languages(page, live_server, demo, artifacts):
    page.goto(live_server.url + "/awards/")
    assert page.inner_text("#awards-total") == "72"
    assert "ประกาศ 71 ข้อมูลที่บันทึก 72" in page.inner_text("#claims-notice")
    page.screenshot(path=str(artifacts / "awards-th.png"), full_page=True)
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert "published 71, records 72" in page.inner_text("#claims-notice")
    assert axe_violations(page) == []


def test_the_pages_fit_a_360px_phone(browser, live_server, demo, artifacts):
    context = browser.new_context(locale="th-TH", viewport={"width": 360, "height": 740})
    phone = context.new_page()
    try:
        for path in ("/assessments/ita/2565/", "/awards/"):
            phone.goto(live_server.url + path)
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{path} is {width}px wide"
        phone.screenshot(path=str(artifacts / "awards-360.png"), full_page=True)
    finally:
        context.close()

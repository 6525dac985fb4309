"""The budget and plan pages in a real browser on the demo: Thai first, English by a click, desktop and 390 px,
no serious axe issues, nothing wider than the phone."""

from __future__ import annotations

import pytest

from govkpi.demo.actions import load_demo

from .conftest import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/plans/", "/budget/2565/", "/plans/PHRAE-2566-2570/", "/plans/NS/"]


@pytest.fixture
def demo(transactional_db, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    load_demo()


def test_the_budget_page_in_thai_then_english(page, live_server, demo, artifacts):
    page.goto(live_server.url + "/budget/2565/")
    assert page.get_attribute("html", "lang") == "th"
    assert page.get_by_role("heading", level=2, name="รายโครงการ").count() + page.locator("#projects").count() >= 1
    assert "ต่ำกว่าเป้าหมาย" in page.inner_text("#projects")  # behind, in words
    assert "ยกเลิก" in page.inner_text("#projects")
    page.screenshot(path=str(artifacts / "budget-th.png"), full_page=True)
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.get_attribute("html", "lang") == "en"
    assert "Behind the target" in page.inner_text("#projects")
    assert axe_violations(page) == []


def test_the_plan_page_in_thai_then_english(page, live_server, demo, artifacts):
    page.goto(live_server.url + "/plans/PHRAE-2566-2570/")
    assert "ยุทธศาสตร์ชาติ" in page.inner_text("#chain")
    assert "G01-1" in page.inner_text("#targets")
    page.screenshot(path=str(artifacts / "plan-th.png"), full_page=True)
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert "Served" in page.inner_text("#tree") or "Serves" in page.inner_text("#tree")
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", PAGES)
def test_each_page_fits_a_390px_phone_without_axe_issues(browser, live_server, demo, artifacts, path):
    context = new_context(browser, width=390, height=844)
    phone = context.new_page()
    try:
        phone.goto(live_server.url + path)
        assert phone.locator("h1").count() == 1
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide"
        phone.screenshot(path=str(artifacts / f"strategy-390-{path.strip('/').replace('/', '-')}.png"), full_page=True)
        assert axe_violations(phone) == []
    finally:
        context.close()

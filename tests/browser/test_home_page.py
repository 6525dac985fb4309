"""The home page in a real browser: Thai first, English by a click, Thai digits, 360 px, no serious axe issues."""

from __future__ import annotations

import pytest

from govkpi.dashboards.templatetags.thai_format import score
from govkpi.scorecards.services import score_org
from tests.dashboards.conftest import add_awards
from tests.scorecards.builders import build_phrae

from .conftest import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def expected(transactional_db) -> str:
    """Build the data; return the overall score as the page must print it."""
    phrae = build_phrae()
    add_awards(phrae)
    return score(score_org(2565, phrae.orgs["54"])["overall"]["score"])


def test_thai_then_english_by_clicking(page, live_server, expected, artifacts):
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "lang") == "th"
    assert page.inner_text("#overall-score") == expected
    assert page.get_by_role("heading", level=2, name="คะแนนภาพรวม").is_visible()
    assert "ที่เผยแพร่: 71 · ตามบันทึก: 72" in page.inner_text("#awards-notice")
    page.screenshot(path=str(artifacts / "home-th.png"), full_page=True)
    assert axe_violations(page) == []

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("#overall-score") == expected
    assert page.get_by_role("heading", level=2, name="Overall score").is_visible()
    assert "published: 71 · records: 72" in page.inner_text("#awards-notice")
    page.screenshot(path=str(artifacts / "home-en.png"), full_page=True)
    assert axe_violations(page) == []

    with page.expect_navigation():
        page.get_by_role("button", name="ไทย", exact=True).click()
    assert page.get_attribute("html", "lang") == "th"


def test_thai_digits_by_clicking(page, live_server, expected, artifacts):
    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.get_by_role("button", name="ไทย ๑๒๓").click()
    assert page.inner_text("#overall-score") == expected.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    page.screenshot(path=str(artifacts / "home-th-thai-digits.png"), full_page=True)
    assert axe_violations(page) == []


def test_it_fits_a_360px_phone_and_the_skip_link_comes_first(browser, live_server, expected, artifacts):
    context = new_context(browser, 360, 740)
    phone = context.new_page()
    try:
        phone.goto(live_server.url + "/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        assert phone.inner_text("#overall-score") == expected
        phone.keyboard.press("Tab")
        focused = phone.evaluate("document.activeElement.className")
        assert focused == "skip-link"
        assert phone.is_visible(".skip-link")
        phone.screenshot(path=str(artifacts / "home-360.png"), full_page=True)
        assert axe_violations(phone) == []
    finally:
        context.close()


def test_sarabun_is_served_locally(page, live_server, expected):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + "/")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ไทย')")
    assert any(url.endswith("Sarabun-Regular.ttf") for url in requests)
    assert all(url.startswith(live_server.url) for url in requests)  # no CDN, ever

"""The branded 404 page in a real browser, in Thai and English, on a desktop and a phone: the visitor's language, the
site's navigation, a way home, and no serious or critical axe-core violation (issue 15 item 11)."""

from __future__ import annotations

import pytest

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("locale", "heading"), [("th-TH", "ไม่พบหน้านี้"), ("en-GB", "Page not found")])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_404_page_is_readable_and_accessible(browser, live_server, locale, heading, width):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 844}, bypass_csp=True)
    try:
        tab = context.new_page()
        response = tab.goto(f"{live_server.url}/no-such-page/")
        assert response.status == 404
        assert tab.get_by_role("heading", level=1).inner_text().strip() == heading
        assert tab.locator("nav").count() >= 1
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(tab) == []
    finally:
        context.close()

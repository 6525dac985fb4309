"""Issue 18 in a real browser on the demo: the "what it takes" page of an organisation, reached from its
scorecard, lists every indicator cheapest gain first, reads in Thai and English, on a desktop and a phone, with no
serious axe-core violation."""

from __future__ import annotations

import pytest

from govkpi.demo.actions import load_demo
from govkpi.strategy.needed import needed_report

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = [("th-TH", "สิ่งที่ต้องทำเพื่อบรรลุเป้าหมาย"), ("en-GB", "What it takes")]


@pytest.fixture
def demo(transactional_db) -> None:
    load_demo()


def test_the_page_reads_in_both_languages_at_both_widths(browser, live_server, demo):
    for locale, heading in LANGUAGES:
        for width in (1280, 390):
            context = browser.new_context(locale=locale, viewport={"width": width, "height": 844}, bypass_csp=True)
            page = context.new_page()
            page.goto(live_server.url + "/orgs/54/2565/needed/")
            assert heading in page.inner_text("h1")
            assert page.locator("#needed-table tbody tr").count() > 0
            assert page.evaluate("document.documentElement.scrollWidth") <= width  # the table scrolls, not the page
            assert axe_violations(page) == [], (locale, width)
            context.close()


def test_the_scorecard_links_to_it_and_it_lists_cheapest_gains_first(page, live_server, demo):
    page.goto(live_server.url + "/orgs/5401/?fy=2565")
    page.click("#org-needed-link")
    page.wait_for_url("**/orgs/5401/2565/needed/")
    codes = page.eval_on_selector_all("#needed-table tbody tr", "rows => rows.map(r => r.dataset.code)")
    report = needed_report(2565, "5401")
    assert codes == [row["indicator"] for row in report["indicators"]]
    gains = [row["gain_per_unit"] for row in report["indicators"] if row["gain_per_unit"] is not None]
    assert gains == sorted(gains, reverse=True) and gains


def test_an_assessment_below_the_top_level_lists_the_points_each_component_needs(page, live_server, demo):
    from govkpi.assessments.models import Assessment
    from govkpi.orgs.models import OrgUnit

    org = OrgUnit.objects.get(code="5401")
    Assessment.objects.update_or_create(framework="ita", fiscal_year=2565, org=org, defaults={
        "score": 92, "level": "A", "components": {"IIT": 24, "EIT": 29, "OIT": 39}})
    page.goto(live_server.url + "/orgs/5401/2565/needed/")
    table = page.locator("table[data-framework='ita']")
    assert table.locator("tbody tr").count() == 3
    assert "AA" in page.inner_text("section[aria-labelledby='needed-framework-ita']")
    assert table.locator("tr[data-code='IIT'] td").nth(1).inner_text().strip() == "3"
    assert axe_violations(page) == []


def test_a_bad_period_is_said_and_the_latest_is_used(page, live_server, demo):
    page.goto(live_server.url + "/orgs/54/2565/needed/?as_of=2599-Q1")
    assert "2599-Q1" in page.inner_text("#needed-as-of-error")
    assert page.locator("#needed-table tbody tr").count() > 0
    assert page.goto(live_server.url + "/orgs/XX/2565/needed/").status == 404
    assert page.goto(live_server.url + "/orgs/54/2400/needed/").status == 404

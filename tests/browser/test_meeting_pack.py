"""The published meeting pack in a real browser: listed on /reports/ (no serious axe issue at desktop and phone
width), it opens under the documents' content policy with its Thai goal pages and trend charts drawn."""

from __future__ import annotations

import pytest

from govkpi.demo.actions import load_demo
from govkpi.plans.models import Goal
from govkpi.reports.actions import generate_document

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(transactional_db):
    load_demo()
    return generate_document(kind="meeting", fiscal_year=2565, period="2565-M06", fmt="html", publish=True,
                             acting_user=None, channel="cli")


def test_the_list_with_a_meeting_pack_passes_axe(page, live_server, published):
    page.goto(live_server.url + "/reports/")
    link = page.get_by_role("link", name="ประจำเดือนมีนาคม ๒๕๖๕", exact=False)
    assert link.count() == 1
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 360, "height": 800})
    assert axe_violations(page) == []


def test_the_pack_opens_with_its_goal_pages_and_charts(browser, live_server, published, artifacts):
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})  # the real CSP
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.goto(f"{live_server.url}/reports/{published.pk}/{published.filename}")
    assert tab.get_attribute("html", "lang") == "th"
    headings = tab.get_by_role("heading", level=2).all_inner_texts()
    goals = list(Goal.objects.order_by("code").values_list("code", "title_th"))
    assert [h for h in headings if h[:1] == "G"] == [f"{code} {title}" for code, title in goals]
    charts = tab.locator("figure svg")
    assert charts.count() == len(goals)
    box = charts.first.bounding_box()
    assert box is not None and box["height"] > 100  # drawn, not blocked by the policy
    assert tab.get_by_role("heading", name="หน่วยงานที่รายงานล่าช้า").is_visible()
    assert errors == []
    tab.screenshot(path=str(artifacts / "meeting-pack.png"))
    context.close()

"""Every public page of the dashboards in a real browser on the demo workbook: Thai, then English by a click; the
figures equal `govkpi score`; no serious or critical axe-core violation; usable by keyboard and at 360 px."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from govkpi.dashboards.templatetags.thai_format import score
from govkpi.demo.actions import load_demo
from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.services import root_org, score_org

from .conftest import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def province_card() -> dict:
    return score_org(2565, root_org())


def goal_score() -> str:
    return score(next(g for g in province_card()["goals"] if g["code"] == "G01")["score"])


def indicator_score() -> str:
    return score(next(i for i in province_card()["indicators"] if i["code"] == "G01-1")["score"])


def district_score() -> str:
    return score(score_org(2565, OrgUnit.objects.get(code="5401"))["overall"]["score"])


def best_district_score() -> str:
    cards = [score_org(2565, org)["overall"]["score"] for org in OrgUnit.objects.filter(kind="district")]
    return score(max(s for s in cards if s is not None))


# name, path, element holding the figure, the figure as `govkpi score` gives it
PAGES: list[tuple[str, str, str, Callable[[], str]]] = [
    ("home", "/", "#overall-score", lambda: score(province_card()["overall"]["score"])),
    ("goal", "/goals/G01/", "#goal-score", goal_score),
    ("indicator", "/indicators/G01-1/", "#indicator-score", indicator_score),
    ("org", "/orgs/5401/", "#org-score", district_score),
    ("rankings", "/rankings/", "#rank-districts tbody tr:first-child td:nth-child(3)", best_district_score),
    ("embed-indicator", "/embed/indicators/G01-1/", "#indicator-score", indicator_score),
    ("embed-org", "/embed/orgs/5401/", "#org-score", district_score),
]


@pytest.fixture
def demo(transactional_db) -> None:
    load_demo()


@pytest.mark.parametrize(("name", "path", "selector", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_in_thai_then_english(page, live_server, demo, artifacts, name, path, selector, expected):
    figure = expected()
    page.goto(live_server.url + path)
    assert page.get_attribute("html", "lang") == "th"
    assert page.inner_text(selector).strip() == figure
    page.screenshot(path=str(artifacts / f"dash-{name}-th.png"), full_page=True)
    assert axe_violations(page) == []

    if name.startswith("embed"):  # embeds follow the language of the visitor's session; switch on the full site
        page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    page.goto(live_server.url + path)
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text(selector).strip() == figure
    page.screenshot(path=str(artifacts / f"dash-{name}-en.png"), full_page=True)
    assert axe_violations(page) == []


def test_thai_digits_reach_every_figure(page, live_server, demo):
    page.goto(live_server.url + "/indicators/G01-1/")
    with page.expect_navigation():
        page.get_by_role("button", name="ไทย ๑๒๓").click()
    assert page.inner_text("#indicator-score") == indicator_score().translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert not any(ch.isascii() and ch.isdigit() for ch in page.inner_text("#breakdown tbody"))


@pytest.mark.parametrize("path", [p[1] for p in PAGES if not p[0].startswith("embed")])
def test_each_page_fits_a_360px_phone(browser, live_server, demo, artifacts, path):
    context = new_context(browser, 360, 740)
    phone = context.new_page()
    try:
        phone.goto(live_server.url + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        name = path.strip("/").replace("/", "-") or "home"
        phone.screenshot(path=str(artifacts / f"dash-{name}-360.png"), full_page=True)
        assert axe_violations(phone) == []
    finally:
        context.close()


def test_the_chart_is_drawn_from_local_files_under_the_content_security_policy(browser, live_server, demo):
    page = new_context(browser, bypass_csp=False).new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + "/indicators/G01-1/")
    page.wait_for_selector("#chart-periods-title ~ * canvas, figure[data-chart='chart-periods'] canvas")
    assert page.get_attribute("figure[data-chart='chart-periods'] canvas", "role") == "img"
    assert all(url.startswith(live_server.url) for url in requests)
    assert errors == []


def test_the_breakdown_sorts_by_keyboard(page, live_server, demo):
    page.goto(live_server.url + "/indicators/G01-1/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#breakdown thead') !== null"):
            break
    else:
        pytest.fail("the sort links cannot be reached with Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "หน่วยงาน"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_attribute("#breakdown th[aria-sort]", "aria-sort") == "descending"
    assert "sort=name" in page.url

"""Scorecards and rankings on a 390 px phone (Thai and English, signed in and out): every visible row shows its
score and its status inside the screen without sideways scrolling, rows stay a few lines high, the signed-in
navigation folds behind a "Menu" button, and axe-core finds nothing serious."""

from __future__ import annotations

import pytest

from .conftest import axe_violations, new_context
from .reporting import in_english, load_people, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 390, 844
MAX_ROW_HEIGHT = 220  # px: a name of up to four lines, then score and status side by side

# page, rows, the score cell and the status badge within a row
PAGES = [
    ("/orgs/5401/", "table.stack tbody tr", ".sc-score, .goal-score, .child-score", ".status"),
    ("/orgs/54-PAO/", "table.stack tbody tr", ".sc-score, .goal-score, .child-score", ".status"),
    ("/rankings/", "table.ranking tbody tr", "td:nth-child(3)", ".status"),
]

MEASURE = """([rows, scoreSel, statusSel]) => Array.from(document.querySelectorAll(rows))
  .filter(tr => tr.getClientRects().length > 0 && tr.querySelector(statusSel))
  .map(tr => {
    const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; };
    const score = tr.querySelector(scoreSel), status = tr.querySelector(statusSel);
    return {text: tr.innerText.slice(0, 40), row: box(tr), score: score ? box(score) : null, status: box(status)};
  })"""


@pytest.fixture
def people(transactional_db) -> None:
    load_people()


def check_rows(tab, path: str, rows: str, score: str, status: str) -> int:
    measured = tab.evaluate(MEASURE, [rows, score, status])
    assert measured, f"no visible row on {path}"
    for item in measured:
        assert item["score"] is not None, item
        for name in ("score", "status"):
            left, right, _top, _bottom = item[name]
            assert 0 <= left and right <= WIDTH, (path, name, item)
        _left, _right, top, bottom = item["row"]
        assert bottom - top <= MAX_ROW_HEIGHT, (path, item)
    assert tab.evaluate("document.documentElement.scrollWidth") <= WIDTH, path
    return len(measured)


def visit_all(tab, live_server, artifacts, label: str) -> None:
    for path, rows, score, status in PAGES:
        tab.goto(live_server.url + path)
        assert check_rows(tab, path, rows, score, status) >= 3
        tab.screenshot(path=str(artifacts / f"mobile-{label}-{path.strip('/').replace('/', '-')}.png"), full_page=True)
        assert axe_violations(tab) == [], path


def test_signed_out_score_and_status_are_in_view_in_thai_and_english(browser, live_server, people, artifacts):
    context = new_context(browser, width=WIDTH, height=HEIGHT)
    tab = context.new_page()
    tab.goto(live_server.url + "/")
    toggle = tab.locator("button.site-nav__toggle")  # signed out too: the list folds behind "Menu" on a phone
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert tab.locator("nav.site-nav").bounding_box()["height"] < 0.15 * HEIGHT
    visit_all(tab, live_server, artifacts, "th")
    in_english(tab)
    visit_all(tab, live_server, artifacts, "en")
    context.close()


def test_signed_in_the_navigation_folds_and_score_and_status_stay_in_view(browser, live_server, people, artifacts):
    tab = sign_in(browser, live_server, "reporter5406", width=WIDTH)
    for language in ("th", "en"):
        if language == "en":
            in_english(tab)
        tab.goto(live_server.url + "/orgs/5401/")
        nav = tab.locator("nav.site-nav")
        toggle = nav.locator("button.site-nav__toggle")
        links = nav.locator(".site-nav__list a")
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert toggle.get_attribute("aria-controls") == "site-nav-list"
        assert not links.first.is_visible()
        assert nav.bounding_box()["height"] < 0.15 * HEIGHT
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and links.first.is_visible()
        assert links.count() >= 8  # the signed-in entries: tasks, approvals, executive view, tokens, sign out…
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "false" and not links.first.is_visible()
        visit_all(tab, live_server, artifacts, f"signed-in-{language}")
    tab.context.close()


def test_at_desktop_width_the_signed_in_navigation_stays_open(browser, live_server, people):
    tab = sign_in(browser, live_server, "reporter5406")
    tab.goto(live_server.url + "/rankings/")
    assert not tab.locator("button.site-nav__toggle").is_visible()
    assert tab.locator("nav.site-nav .site-nav__list a").first.is_visible()
    tab.context.close()


def test_an_office_scorecard_says_why_rows_are_empty_and_folds_the_unassigned(browser, live_server, people):
    context = new_context(browser, width=WIDTH, height=HEIGHT)
    tab = context.new_page()
    tab.goto(live_server.url + "/orgs/54-PAO/")
    summary = tab.locator("#org-reasons")
    assert summary.is_visible() and "ไม่ได้มอบหมายให้หน่วยงานนี้" in summary.inner_text()
    folded = tab.locator("#org-unassigned")
    assert folded.count() == 1 and not folded.locator("tbody tr").first.is_visible()
    folded.locator("summary").click()
    assert folded.locator("tbody tr").first.is_visible()
    context.close()

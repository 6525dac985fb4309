"""The reporting calendar in a real browser (docs/locks.md): a reporter sees each period's due and lock dates and
whether it is closed; an approver unlocks a closed period with a reason, and the page says until when — Thai, at
390 px, with no serious accessibility problem."""

from __future__ import annotations

import pytest

from govkpi.plans.models import ScoringPolicy
from govkpi.results.models import PeriodUnlock

from .conftest import axe_violations
from .reporting import load_people, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def locked(transactional_db) -> None:
    load_people()
    ScoringPolicy.objects.update_or_create(fiscal_year=2565, defaults={"lock_after_days": 15})


def test_the_calendar_shows_closed_periods_and_an_approver_unlocks_one(browser, live_server, locked, artifacts):
    tab = sign_in(browser, live_server, "reporter5406", width=390)
    tab.goto(live_server.url + "/results/calendar/?fy=2565")
    assert tab.get_by_role("heading", name="ปฏิทินการรายงาน").is_visible()
    row = tab.get_by_role("row", name="2565-Q1")
    assert "15 ม.ค. 2565" in row.inner_text() and "ปิดแล้ว" in row.inner_text()
    assert tab.get_by_role("button", name="ปลดล็อก").count() == 0  # a reporter asks; no form
    assert axe_violations(tab) == []
    tab.close()

    tab = sign_in(browser, live_server, "approver5406", width=390)
    tab.goto(live_server.url + "/results/calendar/?fy=2565")
    tab.get_by_label("หน่วยงาน (รวมหน่วยงานในสังกัด)").select_option("5406")
    tab.get_by_label("งวด", exact=True).select_option("2565-Q4")
    tab.get_by_label("เหตุผล").fill("หน่วยงานแจ้งตัวเลขไตรมาส 4 ผิด")
    with tab.expect_navigation():
        tab.get_by_role("button", name="ปลดล็อก").click()
    assert "รอบนี้เปิดให้บันทึกอีกครั้งแล้ว" in tab.content()
    assert "หน่วยงานแจ้งตัวเลขไตรมาส 4 ผิด" in tab.locator("main").inner_text()
    assert PeriodUnlock.objects.get().period == "2565-Q4"
    assert axe_violations(tab) == []
    tab.screenshot(path=str(artifacts / "reporting-calendar.png"), full_page=True)

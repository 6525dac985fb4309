"""Data quality in a real browser: the approver sees a value unusual against its peers before approving it, flags it
for follow-up and clears the flag; the data quality page lists rates, unusual values and flags — Thai and English,
1280 and 390 px, without accessibility violations."""

from __future__ import annotations

import pytest

from govkpi.accounts.models import Membership
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from govkpi.results import actions
from govkpi.results.models import FollowUp, Result
from govkpi.results.validation import Entry

from .conftest import axe_violations
from .reporting import in_english, load_people, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEERS = {"5401": 10, "5402": 11, "5403": 9, "5404": 10, "5405": 10}


@pytest.fixture
def unusual(transactional_db) -> Result:
    """G12-1 of 2565-Q4: five districts approved near 10, and 5406 submits 40."""
    load_people()
    indicator = Indicator.objects.get(code="G12-1")
    for code, value in PEERS.items():
        Result.objects.update_or_create(indicator=indicator, org=OrgUnit.objects.get(code=code), period="2565-Q4",
                                        defaults={"value": value, "status": "approved"})
    reporter = Membership.objects.get(user__username="reporter5406").user
    result = actions.save_draft(indicator=indicator, org=OrgUnit.objects.get(code="5406"), period="2565-Q4",
                                entry=Entry(value=40.0, note="ยอดขายไตรมาส 4"), acting_user=reporter,
                                channel="web").result
    actions.submit_result(result, acting_user=reporter, channel="web")
    return result


def test_the_approver_sees_the_warning_flags_and_clears(browser, live_server, unusual, artifacts):
    tab = sign_in(browser, live_server, "approver5406")
    tab.goto(live_server.url + "/results/approvals/")
    item = tab.locator("li.queue__item", has_text="G12-1")
    warnings = item.locator("ul.quality-warnings").inner_text()
    assert "ผิดปกติเมื่อเทียบกับหน่วยงานกลุ่มเดียวกัน: z =" in warnings
    assert axe_violations(tab) == []

    item.get_by_text("ติดธงเพื่อติดตาม").click()
    item.get_by_label("เหตุที่ต้องติดตาม (จำเป็น)").fill("ยอดขายสูงกว่าอำเภออื่นสี่เท่า")
    with tab.expect_navigation():
        item.get_by_role("button", name="ติดธง G12-1").click()
    assert "ติดธงติดตามแล้ว" in tab.locator(".notice--success").inner_text()
    item = tab.locator("li.queue__item", has_text="G12-1")
    assert "ยอดขายสูงกว่าอำเภออื่นสี่เท่า" in item.locator(".follow-up").inner_text()
    assert FollowUp.objects.get(result=unusual).open
    tab.screenshot(path=str(artifacts / "approvals-flagged.png"), full_page=True)
    assert axe_violations(tab) == []

    tab.goto(live_server.url + "/results/quality/")
    main = tab.locator("main").inner_text()
    assert "อัตราการรายงานรายหน่วยงาน" in main and "ยอดขายสูงกว่าอำเภออื่นสี่เท่า" in main
    assert "G12-1" in tab.locator("#outliers").inner_text()
    assert axe_violations(tab) == []
    tab.set_viewport_size({"width": 390, "height": 844})
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(tab) == []

    tab.goto(live_server.url + "/results/approvals/")
    item = tab.locator("li.queue__item", has_text="G12-1")
    item.get_by_label("หมายเหตุการปลดธง (ไม่บังคับ)").fill("ยืนยันกับอำเภอแล้ว")
    with tab.expect_navigation():
        item.get_by_role("button", name="ปลดธง G12-1").click()
    assert "ปลดธงติดตามแล้ว" in tab.locator(".notice--success").inner_text()
    assert not FollowUp.objects.get(result=unusual).open


def test_the_quality_page_in_english(browser, live_server, unusual):
    tab = sign_in(browser, live_server, "approver5406", width=390)
    tab.goto(live_server.url + "/results/quality/")
    in_english(tab)
    main = tab.locator("main").inner_text()
    assert "Reporting rates by organisation, lowest first" in main and "Unusual values" in main
    assert "Unusual against peers" in tab.locator("#outliers").inner_text()
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(tab) == []

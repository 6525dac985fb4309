"""The whole reporting cycle in a real browser, as two people, on the Phrae demo:

the reporter of อำเภอสอง (5406) enters its missing Q4 OTOP sales (G12-1) and submits; the approver returns it with
a comment; the reporter reads the comment in My tasks, fixes the value and submits again; the approver approves —
and the public home page's overall score changes on the next load.
"""

from __future__ import annotations

import pytest

from govkpi.accounts.actions import add_user
from govkpi.demo.actions import load_demo
from govkpi.orgs.models import OrgUnit
from govkpi.results.models import Result

from .conftest import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "otop-sales-are-up-2565"


@pytest.fixture
def demo(transactional_db) -> None:
    load_demo()
    district = OrgUnit.objects.get(code="5406")
    add_user("reporter5406", org=district, role="reporter", password=PASSWORD, acting_user=None, channel="cli")
    add_user("approver5406", org=district, role="approver", password=PASSWORD, acting_user=None, channel="cli")


def sign_in(browser, live_server, username):
    context = new_context(browser)
    tab = context.new_page()
    tab.goto(live_server.url + "/accounts/login/")
    tab.get_by_label("ชื่อผู้ใช้").fill(username)
    tab.get_by_label("รหัสผ่าน").fill(PASSWORD)
    with tab.expect_navigation():
        tab.get_by_role("button", name="เข้าสู่ระบบ").click()
    return tab


def test_reporter_and_approver_complete_the_cycle_and_the_public_score_changes(browser, live_server, demo, artifacts):
    public = new_context(browser).new_page()
    public.goto(live_server.url + "/")
    before = public.inner_text("#overall-score")

    reporter = sign_in(browser, live_server, "reporter5406")
    assert reporter.get_by_role("heading", level=1, name="งานของฉัน").is_visible()
    reporter.goto(live_server.url + "/results/entry/5406/2565-Q4/")
    otop = reporter.locator("fieldset", has_text="G12-1")
    otop.get_by_label("ค่า", exact=True).fill("4")
    with reporter.expect_navigation():
        reporter.get_by_role("button", name="ส่งเพื่อขออนุมัติ").click()
    assert "เกิน 3 เท่า" in reporter.inner_text("main")  # the jump warning: confirm with a note
    otop = reporter.locator("fieldset", has_text="G12-1")
    otop.get_by_label("ยืนยันว่าค่าถูกต้อง").check()
    otop.get_by_label("หมายเหตุ", exact=True).fill("ยอดขายลดลงจากน้ำท่วม")
    with reporter.expect_navigation():
        reporter.get_by_role("button", name="ส่งเพื่อขออนุมัติ").click()
    assert "ส่งเพื่อขออนุมัติแล้ว" in reporter.inner_text("main")
    reporter.screenshot(path=str(artifacts / "entry-submitted.png"), full_page=True)
    assert axe_violations(reporter) == []

    approver = sign_in(browser, live_server, "approver5406")
    approver.goto(live_server.url + "/results/approvals/")
    item = approver.locator("li.queue__item", has_text="G12-1")
    item.get_by_label("เหตุผลที่ส่งกลับ").fill("ยอดไตรมาส 4 น่าจะเป็น 40 ล้านบาท โปรดตรวจสอบ")
    with approver.expect_navigation():
        item.get_by_role("button", name="ส่งกลับให้ผู้รายงานแก้ไข").click()
    assert "ส่งกลับให้ผู้รายงานแก้ไขแล้ว" in approver.inner_text("main")
    assert axe_violations(approver) == []

    reporter.goto(live_server.url + "/results/")
    assert "ยอดไตรมาส 4 น่าจะเป็น 40 ล้านบาท" in reporter.inner_text("main")
    reporter.goto(live_server.url + "/results/entry/5406/2565-Q4/")
    otop = reporter.locator("fieldset", has_text="G12-1")
    otop.get_by_label("ค่า", exact=True).fill("40")
    otop.get_by_label("หมายเหตุ", exact=True).fill("แก้ตามความเห็นผู้อนุมัติ")
    with reporter.expect_navigation():
        reporter.get_by_role("button", name="ส่งเพื่อขออนุมัติ").click()
    assert "ส่งเพื่อขออนุมัติแล้ว" in reporter.inner_text("main")

    approver.goto(live_server.url + "/results/approvals/")
    item = approver.locator("li.queue__item", has_text="G12-1")
    with approver.expect_navigation():
        item.get_by_role("button", name="อนุมัติ G12-1").click()
    assert "อนุมัติแล้ว" in approver.inner_text("main")
    assert approver.locator("li.queue__item", has_text="G12-1").count() == 0

    result = Result.objects.get(indicator__code="G12-1", org__code="5406", period="2565-Q4")
    assert (result.status, result.value) == ("approved", 40)
    approver.goto(live_server.url + f"/results/{result.pk}/history/")
    history = approver.inner_text("main")
    assert "reporter5406" in history and "approver5406" in history and "ยอดไตรมาส 4 น่าจะเป็น 40" in history
    approver.screenshot(path=str(artifacts / "result-history.png"), full_page=True)

    public.goto(live_server.url + "/")
    after = public.inner_text("#overall-score")
    assert (before, after) == ("3.17", "3.18")

"""Project progress in a real browser on the demo (issue 16 item 3): a reporter of 54-PNRE enters 2565-Q4 for
P2565-001 — a decreasing progress comes back with the error summary —, submits it; the province's approver approves
it; the public project page shows the curve against the target and the problems per period, Thai and English, at
1280 and 390 px, with no serious axe issues."""

from __future__ import annotations

import pytest

from govkpi.accounts.actions import add_user
from govkpi.orgs.models import OrgUnit
from govkpi.strategy.models import ProjectProgress

from .conftest import axe_violations, new_context
from .reporting import PASSWORD, in_english, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db, tmp_path, settings) -> None:
    from govkpi.demo.actions import load_demo

    settings.DATA_DIR = tmp_path
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    load_demo()
    add_user("reporterpnre", org=OrgUnit.objects.get(code="54-PNRE"), role="reporter", password=PASSWORD,
             acting_user=None, channel="cli")
    add_user("approver54", org=OrgUnit.objects.get(code="54"), role="approver", password=PASSWORD,
             acting_user=None, channel="cli")


def test_a_report_is_entered_refused_submitted_and_approved(browser, live_server, people, artifacts):
    tab = sign_in(browser, live_server, "reporterpnre")
    tab.goto(live_server.url + "/projects/report/54-PNRE/2565-Q4/")
    group = tab.locator("fieldset", has_text="P2565-001")
    assert axe_violations(tab) == []
    group.get_by_label("เบิกจ่ายในงวด (บาท)").fill("50000")
    group.get_by_label("ผลการดำเนินงาน (ร้อยละ)").fill("10")  # below Q3's 64.1
    group.get_by_label("ปัญหาอุปสรรค").fill("รอส่งมอบงาน")
    with tab.expect_navigation():
        tab.get_by_role("button", name="ส่งเพื่อขออนุมัติ").click()
    summary = tab.locator(".error-summary")
    assert "P2565-001" in summary.inner_text() and "64.1" in summary.inner_text()
    assert axe_violations(tab) == []
    tab.screenshot(path=str(artifacts / "project-progress-entry-error.png"), full_page=True)
    assert not ProjectProgress.objects.filter(project__code="P2565-001", period="2565-Q4").exists()
    group = tab.locator("fieldset", has_text="P2565-001")
    group.get_by_label("ผลการดำเนินงาน (ร้อยละ)").fill("80")
    with tab.expect_navigation():
        tab.get_by_role("button", name="ส่งเพื่อขออนุมัติ").click()
    assert ProjectProgress.objects.get(project__code="P2565-001", period="2565-Q4").state == "submitted"

    approver = sign_in(browser, live_server, "approver54")
    approver.goto(live_server.url + "/projects/approvals/")
    item = approver.locator("li.queue__item", has_text="P2565-001")
    assert "รอส่งมอบงาน" in item.inner_text()
    assert axe_violations(approver) == []
    with approver.expect_navigation():
        item.get_by_role("button", name="อนุมัติ P2565-001").click()
    assert ProjectProgress.objects.get(project__code="P2565-001", period="2565-Q4").state == "approved"

    approver.goto(live_server.url + "/projects/P2565-001/")
    assert "รอส่งมอบงาน" in approver.inner_text("body")  # approved: now public


def test_the_project_page_in_thai_then_english(page, live_server, people, artifacts):
    page.goto(live_server.url + "/projects/P2565-001/")
    assert page.get_attribute("html", "lang") == "th"
    assert page.locator("svg[role=img] title").count() == 1
    assert "ฝนตกชุกทำให้ทำงานในพื้นที่ไม่ได้" in page.inner_text("body")  # the problems of Q2 and Q3
    assert "ต่ำกว่าเป้าหมาย" in page.inner_text("#by-quarter") or "ตามเป้าหมาย" in page.inner_text("#by-quarter")
    page.screenshot(path=str(artifacts / "project-th.png"), full_page=True)
    assert axe_violations(page) == []
    in_english(page)
    assert page.get_attribute("html", "lang") == "en"
    assert "Cumulative disbursement against the target" in page.inner_text("#curve-heading")
    assert axe_violations(page) == []


def test_the_project_page_fits_a_390px_phone(browser, live_server, people, artifacts):
    phone = new_context(browser, width=390, height=844).new_page()
    phone.goto(live_server.url + "/projects/P2565-001/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the project page is {width} px wide"
    phone.screenshot(path=str(artifacts / "project-390.png"), full_page=True)
    assert axe_violations(phone) == []

"""Several project progress reports decided at once in a real browser, on the demo: the province's approver selects
all with the "select all" box and approves them after one confirmation (Thai, 1280 px); in English on a 390 px phone
one is returned, a return without its reason refused at the field first. And the reporter's file survives an entry
page that comes back with errors. No serious axe issues; nothing wider than the phone."""

from __future__ import annotations

import pytest

from govkpi.accounts.actions import add_user
from govkpi.orgs.models import OrgUnit
from govkpi.strategy import progress
from govkpi.strategy.models import ProgressEvidence, Project, ProjectProgress
from govkpi.strategy.progress import ProgressEntry

from .conftest import axe_violations
from .reporting import PASSWORD, PDF, in_english, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CODES = ("P2565-001", "P2565-016")  # both of 54-PNRE, reported up to 2565-Q3


@pytest.fixture
def waiting(transactional_db, tmp_path, settings) -> list[ProjectProgress]:
    from govkpi.demo.actions import load_demo

    settings.DATA_DIR = tmp_path
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    load_demo()
    reporter = add_user("reporterpnre", org=OrgUnit.objects.get(code="54-PNRE"), role="reporter",
                        password=PASSWORD, acting_user=None, channel="cli")
    add_user("approver54", org=OrgUnit.objects.get(code="54"), role="approver", password=PASSWORD,
             acting_user=None, channel="cli")
    rows = []
    for code in CODES:
        row = progress.save_progress(project=Project.objects.get(code=code), period="2565-Q4",
                                     entry=ProgressEntry(10_000, None, 95, "on_track"), acting_user=reporter,
                                     channel="web")
        rows.append(progress.submit_progress(row, acting_user=reporter, channel="web"))
    return rows


def states() -> list[str]:
    return [ProjectProgress.objects.get(project__code=code, period="2565-Q4").state for code in CODES]


def test_the_approver_selects_all_and_approves_them_with_one_confirmation(browser, live_server, waiting, artifacts):
    tab = sign_in(browser, live_server, "approver54")
    tab.goto(live_server.url + "/projects/approvals/")
    bulk = tab.get_by_role("group", name="ดำเนินการหลายรายงานพร้อมกัน")
    every = bulk.get_by_label("เลือกทั้งหมด 2 รายงานในรายการ")
    assert every.is_visible()  # the script shows it
    assert axe_violations(tab) == []
    every.check()
    for code in CODES:
        assert tab.get_by_label(f"เลือก {code} 2565-Q4 เพื่ออนุมัติหรือส่งกลับพร้อมรายการอื่น").is_checked()
    tab.get_by_label(f"เลือก {CODES[0]} 2565-Q4 เพื่ออนุมัติหรือส่งกลับพร้อมรายการอื่น").uncheck()
    assert every.evaluate("box => box.indeterminate") and not every.is_checked()
    every.check()
    with tab.expect_navigation():
        bulk.get_by_role("button", name="อนุมัติรายการที่เลือก…").click()
    assert "ท่านกำลังจะอนุมัติรายงาน 2 รายการต่อไปนี้:" in tab.inner_text("main")
    assert all(code in tab.inner_text("table") for code in CODES)
    assert states() == ["submitted", "submitted"]
    assert axe_violations(tab) == []
    tab.screenshot(path=str(artifacts / "project-progress-bulk-confirm.png"), full_page=True)
    with tab.expect_navigation():
        tab.get_by_role("button", name="อนุมัติ 2 รายการนี้").click()
    assert "อนุมัติแล้ว 2 รายการ" in tab.inner_text("[role=status]")
    assert states() == ["approved", "approved"]
    tab.context.close()


def test_on_a_phone_in_english_one_is_returned_with_its_reason(browser, live_server, waiting, artifacts):
    tab = sign_in(browser, live_server, "approver54", width=390)
    tab.goto(live_server.url + "/projects/approvals/")
    in_english(tab)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    tab.get_by_label(f"Select {CODES[1]} 2565-Q4 to approve or return with others").check()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Return selected…").click()
    assert "You are about to return this report to its reporter:" in tab.inner_text("main")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    with tab.expect_navigation():
        tab.get_by_role("button", name="Return this report").click()  # no reason yet
    summary = tab.locator(".error-summary")
    assert "Say why (required)." in summary.inner_text()
    assert tab.evaluate("document.activeElement.id") == "error-summary"
    assert tab.get_by_label("Reason for returning (required)").get_attribute("aria-invalid") == "true"
    assert axe_violations(tab) == []
    tab.screenshot(path=str(artifacts / "project-progress-bulk-return-390.png"), full_page=True)
    summary.get_by_role("link").click()
    assert tab.evaluate("document.activeElement.id") == "reason"
    tab.get_by_label("Reason for returning (required)").fill("Attach the site photos")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Return this report").click()
    assert "1 report returned to the reporter." in tab.inner_text("[role=status]")
    assert states() == ["submitted", "returned"]
    assert ProjectProgress.objects.get(project__code=CODES[1], period="2565-Q4").return_reason == \
        "Attach the site photos"
    tab.context.close()


def test_the_reporter_s_file_is_kept_when_the_page_comes_back_with_errors(browser, live_server, waiting, tmp_path,
                                                                          artifacts):
    ProjectProgress.objects.filter(period="2565-Q4").delete()
    tab = sign_in(browser, live_server, "reporterpnre", width=390)
    tab.goto(live_server.url + "/projects/report/54-PNRE/2565-Q4/")
    group = tab.locator("fieldset", has_text=CODES[0])
    group.get_by_label("เบิกจ่ายในงวด (บาท)").fill("50000")
    group.get_by_label("ผลการดำเนินงาน (ร้อยละ)").fill("10")  # below Q3's 64.1
    photo = tmp_path / "site.pdf"
    photo.write_bytes(PDF)
    group.get_by_label("ไฟล์หลักฐาน (PDF รูปภาพ หรือเอกสารสำนักงาน)").set_input_files(str(photo))
    with tab.expect_navigation():
        tab.get_by_role("button", name="บันทึกร่าง").click()
    group = tab.locator("fieldset", has_text=CODES[0])
    assert "แนบแล้ว: site.pdf (จะเพิ่มเมื่อบันทึก)" in group.inner_text()
    assert group.get_by_label("เบิกจ่ายในงวด (บาท)").input_value() == "50000"  # as typed
    assert axe_violations(tab) == []
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    tab.screenshot(path=str(artifacts / "project-progress-entry-kept-file-390.png"), full_page=True)
    group.get_by_label("ผลการดำเนินงาน (ร้อยละ)").fill("80")
    with tab.expect_navigation():
        tab.get_by_role("button", name="บันทึกร่าง").click()  # the file is not chosen again
    row = ProjectProgress.objects.get(project__code=CODES[0], period="2565-Q4")
    assert row.state == "draft" and ProgressEvidence.objects.get(progress=row).name == "site.pdf"
    tab.context.close()

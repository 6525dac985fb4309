"""The approver's queue in a real browser, Thai and English, 1280 and 390 px: each result with its previous value,
target, level, submitter, time in the Buddhist Era and its evidence (an image shown, a PDF in a sandboxed frame);
approve and return told apart; a return without a reason refused; two results approved with one confirmation."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govkpi.accounts.models import Membership
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from govkpi.results import actions
from govkpi.results.models import Result
from govkpi.results.validation import Entry

from .conftest import axe_violations
from .reporting import PDF, in_english, load_people, png, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting(transactional_db, tmp_path, settings) -> Result:
    """G12-1 of 5406 for 2565-Q4 submitted by reporter5406 with a photo and a PDF (G12-3 of 2565 waits too)."""
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    load_people()
    reporter = Membership.objects.get(user__username="reporter5406").user
    result = actions.save_draft(indicator=Indicator.objects.get(code="G12-1"), org=OrgUnit.objects.get(code="5406"),
                                period="2565-Q4", entry=Entry(value=40.0, note="ยอดขายไตรมาส 4"),
                                acting_user=reporter, channel="web").result
    for name, content in (("photo.png", png()), ("minutes.pdf", PDF)):
        actions.add_evidence(result, upload=SimpleUploadedFile(name, content), acting_user=reporter, channel="web")
    actions.submit_result(result, acting_user=reporter, channel="web")
    return result


def test_the_approver_sees_what_to_decide_on_and_approves_two_with_one_confirmation(
    browser, live_server, waiting, artifacts
):
    tab = sign_in(browser, live_server, "approver5406")
    tab.goto(live_server.url + "/results/approvals/")
    item = tab.locator("li.queue__item", has_text="G12-1")
    facts = item.locator("dl.facts").inner_text()
    assert "35.03" in facts and "150" in facts and "reporter5406" in facts  # previous (Q3), target, submitter
    assert re.search(r"ระดับคะแนนทั้งปีเมื่อรวมผลนี้:\s*\S+ จาก 5", facts)  # the year with this result, by the core rules
    assert re.search(r"\d+ [ก-๙.]+ 25\d\d", item.locator("time").inner_text())  # Buddhist Era, Thai month
    image = item.locator("img")
    assert image.evaluate("i => i.complete && i.naturalWidth") == 2  # the photo, shown
    frame = item.locator("iframe")
    assert frame.get_attribute("sandbox") == "" and frame.get_attribute("title")
    served = tab.request.get(live_server.url + frame.get_attribute("src"))
    assert "sandbox" in served.headers["content-security-policy"]
    assert served.headers["x-content-type-options"] == "nosniff"
    approve, back = item.get_by_role("button", name="อนุมัติ G12-1"), item.get_by_role("button", name="ส่งกลับ")
    assert approve.evaluate("b => getComputedStyle(b).backgroundColor") != back.evaluate(
        "b => getComputedStyle(b).backgroundColor")  # primary and secondary
    tab.screenshot(path=str(artifacts / "approvals.png"), full_page=True)
    assert axe_violations(tab) == []
    tab.set_viewport_size({"width": 390, "height": 844})
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(tab) == []

    item.get_by_label("เหตุผลที่ส่งกลับ").evaluate("t => t.removeAttribute('required')")  # past the browser's check
    with tab.expect_navigation():
        back.click()
    assert tab.evaluate("document.activeElement.id") == "error-summary"  # the server refused: say so, at the field
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == f"comment-{waiting.pk}"
    assert Result.objects.get(pk=waiting.pk).status == "submitted"
    assert axe_violations(tab) == []

    other = Result.objects.get(indicator__code="G12-3", org__code="5406", period="2565")
    for result in (waiting, other):
        tab.locator(f"#select-{result.pk}").check()
    with tab.expect_navigation():
        tab.get_by_role("button", name="อนุมัติรายการที่เลือก").click()
    listed = tab.locator("table.confirm-list tbody tr")
    assert listed.count() == 2 and "G12-1" in listed.all_inner_texts()[0] + listed.all_inner_texts()[1]
    assert Result.objects.get(pk=waiting.pk).status == "submitted"  # nothing before the confirmation
    assert axe_violations(tab) == []
    with tab.expect_navigation():
        tab.get_by_role("button", name="อนุมัติ 2 รายการนี้").click()
    assert "อนุมัติแล้ว 2 รายการ" in tab.locator(".notice--success").inner_text()
    assert {r.status for r in Result.objects.filter(pk__in=[waiting.pk, other.pk])} == {"approved"}

    tab.goto(live_server.url + f"/results/{waiting.pk}/history/")
    times = tab.locator("main time").all_inner_texts()
    assert times and all(re.search(r"25\d\d", t) and not re.search(r"20\d\d-\d\d", t) for t in times)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_approvals_page_in_english(browser, live_server, waiting, width):
    tab = sign_in(browser, live_server, "approver5406", width=width)
    tab.goto(live_server.url + "/results/approvals/")
    in_english(tab)
    item = tab.locator("li.queue__item", has_text="G12-1")
    assert item.get_by_role("button", name="Approve G12-1").is_visible()
    assert "Level the year would score" in item.inner_text()
    assert re.search(r"[A-Z][a-z]{2} 25\d\d", item.locator("time").inner_text())
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(tab) == []

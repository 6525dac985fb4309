"""The reporter's entry page in a real browser, Thai and English, 1280 and 390 px: what to enter comes first, the
approved results are read-only below, an invalid value comes back with an error summary that takes the focus and
whose links move it to the field (by keyboard), the attached file is kept, and success is said as success."""

from __future__ import annotations

import pytest

from govkpi.results.models import Evidence, Result

from .conftest import axe_violations
from .reporting import PDF, in_english, load_people, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db) -> None:
    load_people()


def active_id(tab) -> str:
    return tab.evaluate("document.activeElement && document.activeElement.id")


def test_the_reporter_enters_what_is_due_fixes_an_error_by_keyboard_and_keeps_the_file(
    browser, live_server, demo, artifacts, tmp_path, settings
):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    tab = sign_in(browser, live_server, "reporter5406")
    tab.goto(live_server.url + "/results/entry/5406/2565-Q4/")
    first = tab.locator("form.entry-form fieldset").first
    assert "G12-1" in first.inner_text()  # the one indicator left to enter comes first
    assert tab.locator("form.entry-form fieldset").count() == 1
    locked = tab.locator("section.locked")
    assert not locked.locator("details").evaluate("d => d.open")  # collapsed below
    locked.locator("summary").click()
    assert "G03-1" in locked.inner_text() and locked.locator("input, textarea").count() == 0
    approved_ratio = locked.locator("li", has_text="G03-1").inner_text()
    assert "5,164 / " in approved_ratio or "5164 / " in approved_ratio  # numerator / denominator = value
    facts = first.locator("dl.facts").inner_text()
    assert "เป้าหมาย" in facts and "150" in facts and "ระดับ 5" in facts and "งวดก่อน" in facts
    assert axe_violations(tab) == []

    key = Result.objects.filter(indicator__code="G12-1").first().indicator_id
    first.get_by_label("ค่า", exact=True).fill("สี่สิบ")
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(PDF)
    first.locator(f"#file-{key}").set_input_files(str(pdf))
    with tab.expect_navigation():
        tab.get_by_role("button", name="บันทึกร่าง").click()
    summary = tab.locator("#error-summary")
    assert summary.get_attribute("role") == "alert" and active_id(tab) == "error-summary"
    assert "minutes.pdf" in tab.locator(f"#file-{key}-attached").inner_text()
    assert tab.locator(f"#value-{key}").get_attribute("aria-invalid") == "true"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.getAttribute('href')") == f"#value-{key}"
    tab.keyboard.press("Enter")
    assert active_id(tab) == f"value-{key}"  # the link moved the focus to the field
    tab.screenshot(path=str(artifacts / "entry-error-summary.png"), full_page=True)
    assert axe_violations(tab) == []
    tab.set_viewport_size({"width": 390, "height": 844})
    assert axe_violations(tab) == []

    tab.locator(f"#value-{key}").fill("40")
    tab.locator(f"#note-{key}").fill("ยอดขายไตรมาส 4")
    with tab.expect_navigation():
        tab.get_by_role("button", name="บันทึกร่าง").click()
    done = tab.locator(".notice--success")
    assert done.get_attribute("role") == "status" and "บันทึกร่างแล้ว" in done.inner_text()
    assert tab.locator(".notice").count() == 0
    evidence = Evidence.objects.get(result__indicator_id=key, result__org__code="5406")
    assert (evidence.name, evidence.result.value) == ("minutes.pdf", 40)
    tab.screenshot(path=str(artifacts / "entry-saved-390.png"), full_page=True)
    assert axe_violations(tab) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_entry_page_in_english(browser, live_server, demo, width):
    tab = sign_in(browser, live_server, "reporter5406", width=width)
    tab.goto(live_server.url + "/results/entry/5406/2565-Q4/")
    in_english(tab)
    assert tab.get_by_role("heading", level=1, name="Enter results").is_visible()
    first = tab.locator("form.entry-form fieldset").first
    first.get_by_label("Value", exact=True).fill("abc")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Save draft").click()
    assert "There is a problem" in tab.locator("#error-summary").inner_text()
    assert active_id(tab) == "error-summary"
    assert tab.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off a phone's screen
    assert axe_violations(tab) == []

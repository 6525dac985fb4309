"""Commentary entered with the results, in a real browser at 390 px in Thai: with the year's switch on, a result
that would be at risk is refused without commentary (the error summary takes the focus and links to the indicator),
the commentary group opens, and with the commentary written in Thai the result is submitted — no axe violation."""

from __future__ import annotations

import datetime

import pytest

from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator, ScoringPolicy
from govkpi.results.models import Result
from govkpi.strategy.commentary import would_need_commentary
from govkpi.strategy.models import Commentary

from .conftest import axe_violations
from .reporting import load_people, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db) -> None:
    load_people()
    ScoringPolicy.objects.update_or_create(fiscal_year=2565, defaults={"require_commentary": True})


def at_risk_value(indicator: Indicator, org: OrgUnit) -> float:
    """A value of 2565-Q4 that the approvals queue's computation scores at risk or not achieved."""
    for value in (0.0, 1.0, 10.0, 100.0, 1000.0, 10_000.0, 100_000.0):
        result = Result(indicator=indicator, org=org, period="2565-Q4", fiscal_year=2565, value=value)
        if would_need_commentary(result):
            return value
    raise AssertionError("no value at risk")


def test_a_result_at_risk_needs_commentary_written_in_thai(browser, live_server, demo, artifacts):
    indicator, org = Indicator.objects.get(code="G12-1"), OrgUnit.objects.get(code="5406")
    value, key = at_risk_value(indicator, org), indicator.pk
    tab = sign_in(browser, live_server, "reporter5406", width=390)
    tab.goto(live_server.url + "/results/entry/5406/2565-Q4/")
    group = tab.locator(f"#commentary-{key}")
    assert not group.evaluate("d => d.open")  # folded while empty
    tab.locator(f"#value-{key}").fill(f"{value:g}")
    with tab.expect_navigation():
        tab.get_by_role("button", name="ส่งเพื่อขออนุมัติ", exact=True).click()
    summary = tab.locator("#error-summary")
    assert "ระดับเสี่ยงหรือไม่บรรลุเป้าหมาย" in summary.inner_text()
    assert tab.evaluate("document.activeElement.id") == "error-summary"
    assert summary.locator("a").first.get_attribute("href") == f"#indicator-{key}"
    assert not Result.objects.filter(indicator=indicator, org=org, period="2565-Q4").exists()
    assert tab.locator(f"#value-{key}").input_value() == f"{value:g}"  # kept
    assert group.evaluate("d => d.open")  # opened beside the error
    assert axe_violations(tab) == []

    group.get_by_label("ปัญหาอุปสรรค").fill("ยอดขายสินค้า OTOP ลดลงเพราะน้ำท่วม")
    group.get_by_label("ข้อเสนอแนะ").fill("ขยายช่องทางขายออนไลน์")
    group.screenshot(path=str(artifacts / "entry-commentary-group-390.png"))
    with tab.expect_navigation():
        tab.get_by_role("button", name="ส่งเพื่อขออนุมัติ", exact=True).click()
    assert tab.locator("#error-summary").count() == 0
    assert Result.objects.get(indicator=indicator, org=org, period="2565-Q4").status == "submitted"
    said = Commentary.objects.get(indicator=indicator, org=org, period="2565-Q4")
    assert (said.problems, said.suggestions) == ("ยอดขายสินค้า OTOP ลดลงเพราะน้ำท่วม", "ขยายช่องทางขายออนไลน์")
    tab.screenshot(path=str(artifacts / "entry-commentary-390.png"), full_page=True)
    assert axe_violations(tab) == []


@pytest.mark.parametrize("width", [390, 1280])
def test_published_commentary_and_open_actions_read_well_on_the_public_pages(browser, live_server, demo, width):
    from govkpi.strategy.models import CorrectiveAction

    from .conftest import new_context

    result = Result.objects.filter(status="approved", indicator__code="G12-1").select_related("indicator", "org")[0]
    Commentary.objects.create(org=result.org, indicator=result.indicator, period=result.period,
                              problems="ฝนตกหนักต่อเนื่อง", suggestions="ปรับแผนการตลาด")
    CorrectiveAction.objects.create(code="CA-2565-01", indicator=result.indicator, org=result.org,
                                    title_th="จัดงานแสดงสินค้า OTOP", due=datetime.date(2022, 9, 30))
    tab = new_context(browser, width=width, height=844 if width < 500 else 900).new_page()
    for address in (f"/indicators/{result.indicator.code}/", f"/goals/{result.indicator.goal.code}/",
                    f"/orgs/{result.org.code}/"):
        tab.goto(live_server.url + address)
        assert "ฝนตกหนักต่อเนื่อง" in tab.locator("section.commentary").inner_text(), address
        assert axe_violations(tab) == [], address
    tab.goto(live_server.url + f"/indicators/{result.indicator.code}/")
    assert "จัดงานแสดงสินค้า OTOP" in tab.locator("section.corrective-actions").inner_text()

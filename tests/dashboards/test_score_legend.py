"""Every score is explained where it appears: a compact legend (levels 1–5, level 3 = target, the year's status
bands and floor, coverage, overall = weighted mean of indicators) on the org, goal and indicator pages (issue 15)."""

import pytest

from govkpi.plans.models import ScoringPolicy

from .test_home import text_of

pytestmark = pytest.mark.django_db
PAGES = ["/orgs/54/", "/orgs/5401/", "/goals/G01/", "/indicators/G01-1/", "/embed/orgs/5401/"]


@pytest.mark.parametrize("url", PAGES)
def test_the_legend_stands_beside_the_scores(client, phrae, url):
    html = client.get(url).content.decode()
    assert html.count('class="score-legend hint"') == 1
    page = text_of(client.get(url))
    assert "คะแนนมีระดับ 1 ถึง 5 ระดับ 3 คือค่าเป้าหมาย" in page
    assert "บรรลุตั้งแต่ 3.00" in page and "เสี่ยงตั้งแต่ 2.00" in page and "ไม่ถึงระดับ 1: 0.00" in page
    assert "ความครอบคลุม: สัดส่วนน้ำหนักของตัวชี้วัดที่มีคะแนน" in page
    assert "คะแนนรวม: ค่าเฉลี่ยถ่วงน้ำหนักของทุกตัวชี้วัด" in page


def test_the_legend_follows_the_years_policy(client, phrae):
    ScoringPolicy.objects.create(fiscal_year=2565, floor=1, achieved_from=3.5, at_risk_from=2.5, interpolation="step")
    page = text_of(client.get("/orgs/54/"))
    assert "บรรลุตั้งแต่ 3.50" in page and "เสี่ยงตั้งแต่ 2.50" in page and "ไม่ถึงระดับ 1: 1.00" in page
    assert "แบบขั้นบันได" in page

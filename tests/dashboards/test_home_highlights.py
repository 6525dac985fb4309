"""The overview's trend against last year, its ITA highlight and its links to the goal pages."""

import pytest

from govkpi.assessments.models import Assessment
from govkpi.dashboards.templatetags.thai_format import score
from govkpi.scorecards.services import score_org

from ..scorecards.builders import make_criterion, make_result
from .test_home import text_of

pytestmark = pytest.mark.django_db


def test_no_trend_without_a_previous_year(client, phrae):
    assert "เทียบกับปีที่แล้ว" not in text_of(client.get("/"))


def test_the_trend_against_last_year_when_it_has_data(client, phrae):
    make_criterion(2566, phrae.indicators["G01-1"], weight=5)
    make_result(phrae.indicators["G01-1"], phrae.orgs["54"], "2566", 95)  # 4.5 against 3.125 for G01
    page = text_of(client.get("/?fy=2566"))
    before = score_org(2565, phrae.orgs["54"])
    now = score_org(2566, phrae.orgs["54"])
    delta = now["overall"]["score"] - before["overall"]["score"]
    assert f"เทียบกับปีงบประมาณ 2565: ▲ ดีขึ้น +{score(delta)}" in page
    assert "เทียบกับปีที่แล้ว ▲ ดีขึ้น +1.38" in page  # G01: 4.5 − 3.125


def test_the_ita_highlight_comes_from_the_records(client, phrae):
    Assessment.objects.create(framework="ita", fiscal_year=2565, org=phrae.orgs["54"], score=99.15, level="AA", rank=2)
    Assessment.objects.create(framework="ita", fiscal_year=2565, org=phrae.orgs["5402"], score=96.0, level="AA")
    Assessment.objects.create(framework="ita", fiscal_year=2565, org=phrae.orgs["5403"], score=80.0, level="B")
    page = text_of(client.get("/"))
    assert "จังหวัดได้คะแนน 99.15 (ระดับ AA) อันดับที่ 2 ในกลุ่ม" in page
    assert "หน่วยงานที่ได้ระดับ AA จำนวน 2 แห่ง: จังหวัดแพร่ (99.15) อำเภอร้องกวาง (96.00)" in page


def test_each_goal_card_links_to_its_goal_page(client, phrae):
    html = client.get("/").content.decode()
    assert '<a href="/goals/G01/?fy=2565"><span class="goal__code">G01</span>' in html

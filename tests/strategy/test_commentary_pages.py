"""Commentary on the public pages: the indicator page, the organisation page and, rolled up, the goal page show what
organisations say about a period only once that period's result is approved — a draft's commentary never leaks."""

from __future__ import annotations

import pytest

from govkpi.strategy.models import Commentary
from tests.dashboards.conftest import phrae  # noqa: F401  (the fixture)
from tests.dashboards.test_home import text_of
from tests.scorecards.builders import make_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def said(phrae):  # noqa: F811
    """5401's approved H1 ratio and its commentary; 5402's submitted Q3 deaths and a draft remark on them; the
    province's commentary on goal G02 for the year (its indicator G02-1 has an approved province-wide result)."""
    orgs, indicators = phrae.orgs, phrae.indicators
    Commentary.objects.create(org=orgs["5401"], indicator=indicators["G01-2"], period="2565-H1",
                              problems="ขาดแคลนบุคลากร", suggestions="จ้างเพิ่มสองอัตรา")
    make_result(indicators["G02-1"], orgs["5402"], "2565-Q3", 3, status="submitted")
    Commentary.objects.create(org=orgs["5402"], indicator=indicators["G02-1"], period="2565-Q3",
                              problems="ร่างยังไม่อนุมัติ")
    Commentary.objects.create(org=orgs["5402"], goal=phrae.goals["G02"], period="2565-Q1",
                              lessons="ประสานตำรวจทางหลวง")
    return phrae


def test_the_indicator_page_shows_approved_periods_commentary(client, said):
    page = text_of(client.get("/indicators/G01-2/"))
    assert "ขาดแคลนบุคลากร" in page and "จ้างเพิ่มสองอัตรา" in page and "อำเภอเมืองแพร่" in page


def test_a_submitted_result_s_commentary_is_not_shown(client, said):
    for address in ("/indicators/G02-1/", "/orgs/5402/", "/goals/G02/"):
        assert "ร่างยังไม่อนุมัติ" not in text_of(client.get(address)), address


def test_once_approved_it_shows(client, said):
    said.orgs["5402"].results.filter(period="2565-Q3").update(status="approved")
    assert "ร่างยังไม่อนุมัติ" in text_of(client.get("/indicators/G02-1/"))


def test_the_organisation_page_shows_its_own_commentary(client, said):
    page = text_of(client.get("/orgs/5401/"))
    assert "ขาดแคลนบุคลากร" in page
    assert "ประสานตำรวจทางหลวง" not in page  # another organisation's


def test_the_goal_page_rolls_up_its_indicators_and_its_own(client, said):
    page = text_of(client.get("/goals/G02/"))
    assert "ประสานตำรวจทางหลวง" in page  # the goal's own, 5402 has an approved G02-1 for 2565-Q1
    assert "ขาดแคลนบุคลากร" not in page  # G01-2 is another goal's
    assert "ขาดแคลนบุคลากร" in text_of(client.get("/goals/G01/"))

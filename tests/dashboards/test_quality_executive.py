"""The executive page's data quality section: reporting rates by organisation lowest first, the count of unusual
values, the open follow-up flags with links — for the officials' part of the tree, in Thai and English."""

import pytest

from govkpi.accounts.models import Membership
from govkpi.orgs.actions import rebuild_paths
from govkpi.orgs.models import OrgUnit
from govkpi.results import actions
from govkpi.results.models import Result

from .test_executive_view import governor  # noqa: F401
from .test_home import text_of

pytestmark = pytest.mark.django_db


def section(page):
    return page[page.index("คุณภาพข้อมูล"):page.index("ตัวชี้วัดที่มีความเสี่ยง")]


@pytest.fixture
def duties(phrae):
    """G01-2 (quarterly) reported by 5401 (its first half), 5402 (the whole year) and 5403 (nothing)."""
    phrae.indicators["G01-2"].responsible.set([phrae.orgs["5401"], phrae.orgs["5402"], phrae.orgs["5403"]])
    return phrae


def test_reporting_rates_lowest_first(governor, duties):  # noqa: F811
    quality = section(text_of(governor.get("/executive/")))
    assert "ภาพรวม: 50% (รายงานแล้ว 6 จาก 12 รายการที่ถึงกำหนด)" in quality
    assert quality.index("อำเภอลอง : 0%") < quality.index("อำเภอเมืองแพร่ : 50%") < quality.index(
        "อำเภอร้องกวาง : 100%")
    assert "ไม่มีผลการดำเนินงานที่ติดธงติดตาม" in quality
    assert "ค่าที่รายงาน 0 ค่าดูผิดปกติ" in quality


def test_open_flags_and_unusual_values_link_to_their_pages(governor, duties):  # noqa: F811
    result = Result.objects.get(indicator=duties.indicators["G01-2"], org=duties.orgs["5402"])
    actions.set_follow_up(result, flag=True, text="ตัวหารไม่ตรงทะเบียน", acting_user=None, channel="cli")
    province = duties.orgs["54"]
    for n, value in enumerate((10, 11, 9, 10, 10, 500)):
        org = OrgUnit.objects.create(code=f"59{n}", name_th=f"อำเภอ {n}", kind="district", parent=province)
        rebuild_paths()
        Result.objects.create(indicator=duties.indicators["G02-1"], org=org, period="2565-Q2", value=value,
                              status="approved")
    html = governor.get("/executive/").content.decode()
    quality = section(text_of_html(html))
    assert "G01-2 อำเภอร้องกวาง 2565" in quality and "ค่าที่รายงาน 1 ค่าดูผิดปกติ" in quality
    assert f'href="/results/{result.pk}/history/"' in html and 'href="/results/quality/?fy=2565#outliers"' in html


def test_in_english(governor, duties):  # noqa: F811
    governor.cookies["django_language"] = "en"
    page = text_of(governor.get("/executive/"))
    assert "Data quality" in page and "Overall: 50% (6 of 12 results due were reported)." in page
    assert "Lowest reporting rates" in page and "0 reported values look unusual." in page
    assert "Reporting rates, unusual values and flags in full" in page


def test_an_official_sees_their_part_of_the_tree(client, duties, django_user_model):
    result = Result.objects.get(indicator=duties.indicators["G01-2"], org=duties.orgs["5402"])
    actions.set_follow_up(result, flag=True, text="x", acting_user=None, channel="cli")
    official = django_user_model.objects.create_user("approver5401", password="x")
    Membership.objects.create(user=official, org=duties.orgs["5401"], role="approver")
    client.force_login(official)
    quality = section(text_of(client.get("/executive/")))
    assert "อำเภอเมืองแพร่ : 50%" in quality and "ภาพรวม: 50% (รายงานแล้ว 2 จาก 4" in quality
    assert "อำเภอร้องกวาง" not in quality and "อำเภอลอง" not in quality


def test_no_duties_is_said_plainly(governor, phrae):  # noqa: F811
    quality = section(text_of(governor.get("/executive/")))
    assert "ยังไม่มีรายการที่ถึงกำหนด" in quality and "ภาพรวม: –" in quality


def text_of_html(html):
    class Response:
        content = html.encode()

    return text_of(Response)

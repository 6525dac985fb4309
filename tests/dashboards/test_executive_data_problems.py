"""The executive view lists the stored rows the rules refuse (`govkpi check-data`): table, organisation, indicator,
period and reason, the first 50 with the total — only when there is any, and in a bounded number of queries."""

import pytest
from django.db import connection

from govkpi.accounts.models import Membership
from govkpi.dashboards import executive
from govkpi.plans.models import Criterion
from govkpi.results.models import Result

from .test_home import text_of

pytestmark = pytest.mark.django_db


def insert(phrae, indicator: str, org: str, period: str, value: float, fiscal_year: int = 2565) -> None:
    with connection.cursor() as cursor:  # by SQL, as an older version or a restore would
        cursor.execute(
            "INSERT INTO results_result (indicator_id, org_id, period, fiscal_year, value, status, note, evidence_url,"
            " created_at, updated_at, extra)"
            " VALUES (%s, %s, %s, %s, %s, 'approved', '', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '{}')",
            [phrae.indicators[indicator].pk, phrae.orgs[org].pk, period, fiscal_year, value],
        )


def break_criterion(indicator: str) -> None:
    """Thresholds out of order, by SQL."""
    pk = Criterion.objects.get(indicator__code=indicator).pk
    with connection.cursor() as cursor:
        cursor.execute("UPDATE plans_criterion SET level2 = %s WHERE id = %s", [1000.0, pk])


@pytest.fixture
def governor(client, phrae, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("governor", password="x"))
    return client


def test_clean_data_shows_no_list(governor):
    html = governor.get("/executive/").content.decode()
    assert 'id="data-problems"' not in html


def test_each_refused_row_is_listed_with_its_reason(governor, phrae):
    insert(phrae, "G01-1", "5401", "2565-Q3", 1e29)
    insert(phrae, "G01-1", "5402", "abc", 3)
    break_criterion("G02-1")
    response = governor.get("/executive/")
    assert response.status_code == 200
    page = text_of(response)
    problems = page[page.index("ปัญหาข้อมูล ⚠"):]
    assert "ข้อมูลที่บันทึกไว้ 3 แถวผิดกฎของข้อมูล" in problems
    assert "govkpi check-data" in problems
    assert "ผลการดำเนินงาน 5401 อำเภอเมืองแพร่ G01-1 2565-Q3 1e+29 มากเกินไป" in problems
    assert "ผลการดำเนินงาน 5402 อำเภอร้องกวาง G01-1 abc “abc” ไม่ใช่รหัสช่วงเวลา" in problems
    assert "เกณฑ์การให้คะแนน – G02-1 2565 ค่าเกณฑ์ทั้งห้าระดับเรียงลำดับไม่ถูกต้อง" in problems
    html = response.content.decode()
    assert '<caption id="problems-caption">' in html and '<th scope="col">เหตุผล</th>' in html
    result_id = Result.objects.get(period="abc").pk
    assert f'href="/results/{result_id}/history/"' in html  # the row's history, where it can be corrected


def test_in_english_too(governor, phrae):
    insert(phrae, "G02-1", "5402", "2565-Q3", float("inf"))  # the province's G02-1 is rolled up from below
    governor.cookies["django_language"] = "en"
    page = text_of(governor.get("/executive/"))
    assert "Data problems ⚠ 1 stored row breaks a rule of the records" in page
    assert "results 5402 Unit 5402 G02-1 2565-Q3 “inf” is not a finite number" in page
    assert "1 indicator has no score because of a data problem." in page


def test_the_first_ones_are_listed_with_the_total(governor, phrae, monkeypatch):
    monkeypatch.setattr(executive, "PROBLEMS_SHOWN", 2)
    for quarter in (1, 2, 3, 4):
        insert(phrae, "G01-1", "5401", f"2565-Q{quarter}", 1e20)
    page = text_of(governor.get("/executive/"))
    assert "ข้อมูลที่บันทึกไว้ 4 แถวผิดกฎ" in page and "แสดง 2 รายการแรก" in page
    assert "2565-Q2 1e+20" in page and "2565-Q3 1e+20" not in page


def test_an_official_sees_the_results_of_the_organisations_they_see(client, phrae, django_user_model):
    insert(phrae, "G01-1", "5401", "2565-Q3", 1e29)
    insert(phrae, "G01-1", "5402", "2565-Q3", 1e29)
    break_criterion("G02-1")
    official = django_user_model.objects.create_user("approver5402", password="x")
    Membership.objects.create(user=official, org=phrae.orgs["5402"], role="approver")
    client.force_login(official)
    page = text_of(client.get("/executive/"))
    assert "G01-1 2565-Q3" in page and "5402 อำเภอร้องกวาง" in page and "5401 อำเภอเมืองแพร่" not in page
    assert "G02-1 2565 ค่าเกณฑ์ทั้งห้าระดับ" in page  # criteria hold for everyone


def test_the_queries_do_not_grow_with_the_problems(governor, phrae, django_assert_max_num_queries):
    insert(phrae, "G01-1", "5401", "2565-Q3", 1e29)
    governor.get("/executive/")  # the session and the roles, once
    with django_assert_max_num_queries(21) as few:  # see test_executive_view: 11 + 6 for the scan + 1 names + 3
        governor.get("/executive/")
    for quarter in (1, 2, 4):
        insert(phrae, "G01-1", "5402", f"2565-Q{quarter}", 1e29)
        insert(phrae, "G01-1", "5403", f"2565-Q{quarter}", 1e29)
    with django_assert_max_num_queries(len(few)):
        governor.get("/executive/")

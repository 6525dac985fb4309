"""The executive view: signed in only; what changed this week, indicators at risk worst first, late reporters."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import timezone

from govkpi.audit.actions import record
from govkpi.dashboards.executive import changes_since, due_period

from .test_home import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def governor(client, phrae, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("governor", password="x"))
    return client


def test_a_visitor_is_sent_to_sign_in(client, phrae):
    response = client.get("/executive/")
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_an_official_without_any_role_is_refused(client, phrae, django_user_model):
    client.force_login(django_user_model.objects.create_user("stranger", password="x"))
    assert client.get("/executive/").status_code == 403


def test_indicators_at_risk_come_worst_first(governor):
    page = text_of(governor.get("/executive/"))
    risk = page[page.index("ตัวชี้วัดที่มีความเสี่ยง") :]
    assert risk.index("G01-2") < risk.index("G02-1")  # 2.50 before 2.60
    assert "G01-1" not in risk[: risk.index("หน่วยงานที่รายงานล่าช้า")]


def test_organisations_without_a_report_for_the_latest_period_due_are_late(governor, phrae):
    phrae.indicators["G01-2"].responsible.set([phrae.orgs["5401"], phrae.orgs["5402"], phrae.orgs["5403"]])
    page = text_of(governor.get("/executive/"))
    late = page[page.index("หน่วยงานที่รายงานล่าช้า") :]
    # the year is over, so Q4 is due: 5401 reported only the first half, 5402 the whole year, 5403 nothing
    assert "อำเภอเมืองแพร่ : G01-2" in late and "อำเภอลอง : G01-2" in late
    assert "อำเภอร้องกวาง" not in late


def test_what_changed_in_the_last_week_comes_from_the_audit_log(governor):
    record(acting_user=None, channel="web", action="results.result.approve", object_type="result",
           object_key="G01-2 5401")
    page = text_of(governor.get("/executive/"))
    assert "อนุมัติผลการดำเนินงาน: 1" in page and "G01-2 5401" in page
    assert "ผู้ใช้ผ่านเว็บ อนุมัติผลการดำเนินงาน" in page and "results.result.approve" not in page
    assert changes_since(timezone.now() + timedelta(minutes=1))["total"] == 0


def test_the_period_due_is_the_latest_that_has_ended():
    assert due_period(2566, "quarter", date(2023, 4, 1)).code == "2566-Q2"
    assert due_period(2566, "quarter", date(2022, 12, 31)) is None  # Q1 ends that day
    assert due_period(2566, "month", date(2022, 11, 2)).code == "2566-M01"
    assert due_period(2565, "year", date(2026, 1, 1)).code == "2565"


def test_it_fits_a_phone_and_runs_a_bounded_number_of_queries(governor, django_assert_max_num_queries):
    # 11 for the page, 6 for the data-problem scan (the results streamed in one query; indicators, organisations,
    # responsibilities, criteria, policies) and 1 for the names of the organisations it lists; session, user, roles
    with django_assert_max_num_queries(21):
        html = governor.get("/executive/").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html

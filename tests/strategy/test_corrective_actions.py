"""Corrective actions on the executive page: indicators at risk or not achieved without an open action, and actions
past due — each official sees those of the organisations they may see; the indicator page lists the open ones."""

from __future__ import annotations

import datetime

import pytest

from govkpi.accounts.models import Membership
from govkpi.strategy.models import CorrectiveAction
from tests.dashboards.conftest import phrae  # noqa: F401  (the fixture)
from tests.dashboards.test_home import text_of

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2020, 1, 1)


@pytest.fixture
def governor(client, phrae, django_user_model):  # noqa: F811
    client.force_login(django_user_model.objects.create_superuser("governor", password="x"))
    return client


@pytest.fixture
def district(client, phrae, django_user_model):  # noqa: F811
    """An official who sees 5401 and what is below it."""
    user = django_user_model.objects.create_user("chief5401", password="x")
    Membership.objects.create(user=user, org=phrae.orgs["5401"], role="viewer")
    client.force_login(user)
    return client


def act(phrae, code, indicator, org, **fields):  # noqa: F811
    return CorrectiveAction.objects.create(code=code, indicator=phrae.indicators[indicator], org=phrae.orgs[org],
                                           title_th=f"แก้ไข {indicator}", **fields)


def section(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end)]


def unattended(client) -> str:
    html = client.get("/executive/").content.decode()
    return html[html.index('id="unattended"'):html.index('id="past-due"')]


def past_due(client) -> str:
    html = client.get("/executive/").content.decode()
    return html[html.index('id="past-due"'):html.index('id="late"')]


def test_an_at_risk_indicator_without_an_open_action_is_flagged_until_one_is_opened(governor, phrae):  # noqa: F811
    flagged = unattended(governor)
    assert "G01-2" in flagged and "G02-1" in flagged and "จังหวัดแพร่" in flagged
    assert "G01-1 " not in flagged  # achieved at the province (3.5)
    act(phrae, "CA-1", "G01-2", "54", status="done")  # a closed action answers nothing
    assert "จังหวัดแพร่" in unattended(governor).split("G01-2", 1)[1].split("</li>", 1)[0]
    act(phrae, "CA-2", "G01-2", "54")
    rows = [row for row in unattended(governor).split("<li>") if "G01-2" in row]
    assert all("จังหวัดแพร่" not in row for row in rows)  # the province's G01-2 is answered


def test_open_actions_past_due_are_listed(governor, phrae):  # noqa: F811
    act(phrae, "CA-OLD", "G02-1", "5402", due=LONG_AGO, title_en="Old")
    act(phrae, "CA-DONE", "G02-1", "5402", due=LONG_AGO, status="done")
    act(phrae, "CA-LATER", "G02-1", "5402", due=datetime.date(2999, 1, 1))
    listed = past_due(governor)
    assert "แก้ไข G02-1" in listed and "อำเภอร้องกวาง" in listed
    assert listed.count("<li>") == 1


def test_a_district_official_sees_only_their_subtree(district, phrae):  # noqa: F811
    act(phrae, "CA-5402", "G02-1", "5402", due=LONG_AGO)
    flagged = unattended(district)
    assert "จังหวัดแพร่" not in flagged and "อำเภอร้องกวาง" not in flagged
    assert "อำเภอเมืองแพร่" in flagged  # 5401's own ratio, 75 %: at risk, no action
    act(phrae, "CA-5401", "G01-2", "5401", due=LONG_AGO, owner=phrae.orgs["5401"])
    assert "อำเภอเมืองแพร่" not in unattended(district)
    listed = past_due(district)
    assert "อำเภอเมืองแพร่" in listed and "อำเภอร้องกวาง" not in listed


def test_the_page_still_runs_a_bounded_number_of_queries(governor, phrae, django_assert_max_num_queries):  # noqa: F811
    act(phrae, "CA-OLD", "G02-1", "5402", due=LONG_AGO)
    with django_assert_max_num_queries(22):  # test_executive_view's 21, plus the open actions
        assert governor.get("/executive/").status_code == 200


def test_the_indicator_page_lists_the_open_actions(client, phrae):  # noqa: F811
    act(phrae, "CA-OPEN", "G01-2", "5401", due=datetime.date(2022, 9, 30), title_en="Open one")
    act(phrae, "CA-DONE", "G01-2", "5401", status="done")
    page = text_of(client.get("/indicators/G01-2/"))
    assert "แก้ไข G01-2" in page and page.count("แก้ไข G01-2") == 1

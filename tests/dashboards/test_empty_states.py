"""Rows without a value say why; a scorecard of mostly unassigned indicators says so once, not row after row."""

import re

import pytest

from .test_home import text_of

pytestmark = pytest.mark.django_db


def table(html: str, caption_id: str) -> str:
    body = html[html.index(f'id="{caption_id}"'):]
    return body[: body.index("</table>")]


@pytest.fixture
def office(phrae):
    """G01-1 is the province's own indicator; 5403 reports nothing."""
    phrae.indicators["G01-1"].responsible.set([phrae.orgs["54"]])
    return phrae


def test_the_scorecard_counts_the_reasons_and_folds_the_unassigned_indicators(client, office):
    response = client.get("/orgs/5403/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    summary = text_of(response)
    assert "3 indicators on the scorecard: 2 due but not reported, 1 not assigned to this organisation." in summary
    shown = table(html, "org-indicators-caption")
    assert "G01-2" in shown and "G02-1" in shown and "G01-1" not in shown
    assert shown.count("no approved result yet") == 2
    folded = html[html.index('<details class="unassigned"'):]
    folded = folded[: folded.index("</details>")]
    assert "1 indicator not assigned to this organisation (hidden; show)" in folded
    assert "G01-1" in folded and "Not assigned to this organisation" in folded


def test_a_unit_that_reports_for_the_province_is_not_told_the_indicator_is_unassigned(client, office):
    html = client.get("/orgs/54/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="org-unassigned"' not in html
    assert "G01-1" in table(html, "org-indicators-caption")


def test_the_summary_is_in_thai(client, office):
    page = text_of(client.get("/orgs/5403/"))
    assert re.search(r"ตัวชี้วัดในบัตรคะแนน 3 ตัว: ถึงกำหนดแต่ยังไม่รายงาน 2 ตัว, ไม่ได้มอบหมายให้หน่วยงานนี้ 1 ตัว", page)


def test_a_reported_scorecard_needs_no_reasons(client, phrae):
    html = client.get("/orgs/54/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 indicators on the scorecard: 3 indicators reported." in text_of_html(html)
    assert 'class="reason"' not in table(html, "org-indicators-caption")


def test_the_indicator_page_says_why_a_district_has_no_value(client, office):
    deaths = office.indicators["G02-1"]
    deaths.responsible.set([office.orgs["540101"], office.orgs["5402"]])
    html = client.get("/indicators/G02-1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = re.search(r"<tr>(?:(?!</tr>).)*Unit 5403(?:(?!</tr>).)*</tr>", html, flags=re.S)
    assert row is not None and "Not assigned to this organisation" in row.group(0)


def test_the_goal_page_says_why_an_indicator_has_no_value(client, phrae):
    phrae.indicators["G02-1"].results.all().delete()
    page = text_of(client.get("/goals/G02/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "no approved result yet" in page


def text_of_html(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_goal_without_an_assigned_indicator_is_left_out_of_the_goals_table_and_counted(client, office):
    office.indicators["G02-1"].responsible.set([office.orgs["5402"]])
    response = client.get("/orgs/5403/", HTTP_ACCEPT_LANGUAGE="en")
    goals = table(response.content.decode(), "org-goals-caption")
    assert "G01" in goals and "G02" not in goals
    assert "1 goal has no indicator assigned to this organisation and is not listed." in text_of(response)


def test_the_downloads_still_get_every_row(office):
    from govkpi.dashboards.org import org_page

    page = org_page("5403", None)
    assert [i["code"] for i in page["indicators"]] == ["G01-1", "G01-2", "G02-1"]
    assert [i["code"] for i in page["assigned"]] == ["G01-2", "G02-1"]

"""The indicator page: what it measures, its criteria, charts with data tables, and a sortable breakdown."""

import re

import pytest

from govkpi.dashboards.templatetags.thai_format import score
from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.services import score_org

from ..scorecards.builders import make_criterion, make_result
from .test_home import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def described(phrae):
    ratio = phrae.indicators["G01-2"]
    ratio.definition_th = "สัดส่วนครัวเรือนที่ผ่านเกณฑ์"
    ratio.data_source = "สำนักงานพัฒนาชุมชนจังหวัด"
    ratio.save()
    return phrae


def breakdown_names(html: str) -> list[str]:
    body = html[html.index('id="breakdown"') :]
    return re.findall(r'<th scope="row"><a href="/orgs/[^"]+">([^<]+)</a></th>', body)


def test_it_says_what_the_indicator_measures_and_its_criteria(client, described):
    page = text_of(client.get("/indicators/G01-2/"))
    assert "สัดส่วนครัวเรือนที่ผ่านเกณฑ์" in page and "สำนักงานพัฒนาชุมชนจังหวัด" in page
    assert "หน่วยนับ ร้อยละ" in page
    assert "คะแนน 1 คะแนน 2 คะแนน 3 คะแนน 4 คะแนน 5 60 70 80 90 100" in page


def test_the_province_figures_equal_govkpi_score(client, described):
    html = client.get("/indicators/G01-2/").content.decode()
    row = next(i for i in score_org(2565, described.orgs["54"])["indicators"] if i["code"] == "G01-2")
    assert f'<dd id="indicator-score">{score(row["score"])}</dd>' in html
    assert '<dd id="indicator-value">75' in html


def test_the_breakdown_scores_each_district_under_its_criteria(client, described):
    page = text_of(client.get("/indicators/G01-2/"))
    for code, value in (("5401", "75"), ("5402", "75")):
        card = score_org(2565, described.orgs[code])
        row = next(i for i in card["indicators"] if i["code"] == "G01-2")
        assert f"Unit {code}" not in page  # Thai names in Thai
        assert f"{OrgUnit.objects.get(code=code).name_th} อำเภอ {value} {score(row['score'])}" in page


def test_the_breakdown_sorts_by_any_column_without_javascript(client, described):
    make_result(described.indicators["G01-2"], described.orgs["5403"], "2565", numerator=9, denominator=10)
    html = client.get("/indicators/G01-2/").content.decode()
    assert breakdown_names(html)[0] == "อำเภอลอง"  # best score first by default
    assert 'aria-sort="descending"' in html
    assert 'href="?fy=2565&amp;sort=name&amp;order=desc#breakdown"' in html
    by_name = client.get("/indicators/G01-2/?sort=name&order=asc").content.decode()
    assert breakdown_names(by_name) == sorted(breakdown_names(by_name))
    assert 'aria-sort="ascending"' in by_name
    by_value = client.get("/indicators/G01-2/?sort=value&order=asc").content.decode()
    assert breakdown_names(by_value)[-1] == "อำเภอลอง"


def test_each_chart_has_a_text_summary_and_a_data_table(client, phrae):
    html = client.get("/indicators/G01-1/").content.decode()
    page = text_of(client.get("/indicators/G01-1/"))
    assert "ตั้งแต่ ไตรมาส 1/2565 ถึง ไตรมาส 2/2565 ค่าเปลี่ยนจาก 80 เป็น 90 ร้อยละ" in page
    assert "ไตรมาส 1/2565 80 ไตรมาส 2/2565 90" in page  # the table rows
    assert 'id="chart-periods-data" type="application/json"' in html
    assert "/static/dashboards/vendor/chartjs/chart.umd.min.js" in html


def test_the_chart_over_years_shows_each_year_with_criteria(client, phrae):
    make_criterion(2566, phrae.indicators["G01-1"], weight=5)
    make_result(phrae.indicators["G01-1"], phrae.orgs["54"], "2566", 95)
    page = text_of(client.get("/indicators/G01-1/?fy=2566"))
    assert "ตั้งแต่ 2565 ถึง 2566 ค่าเปลี่ยนจาก 85 เป็น 95 ร้อยละ" in page


def test_it_says_when_results_were_last_updated_and_approved(client, phrae):
    page = text_of(client.get("/indicators/G01-1/"))
    assert re.search(r"ปรับปรุงล่าสุด: \d+ \S+ 25\d\d · ผลที่อนุมัติล่าสุด: \d+ \S+ 25\d\d", page)


def test_an_indicator_without_criteria_in_the_year_is_not_found(client, phrae):
    assert client.get("/indicators/G01-1/?fy=2570").status_code == 404
    assert client.get("/indicators/NOPE/").status_code == 404


def test_it_runs_a_bounded_number_of_queries(client, phrae, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):  # 11 for the page (2: why rows empty), 2 commentary+actions, map, version
        client.get("/indicators/G01-2/")

"""The goal page: each indicator's value, target, the five thresholds, score, status and a sparkline."""

import pytest
from django.utils import translation

from govkpi.dashboards.templatetags.thai_format import score
from govkpi.scorecards.services import score_org

from ..scorecards.builders import make_result
from .test_home import text_of

pytestmark = pytest.mark.django_db


def test_it_shows_the_goal_score_and_each_indicator_as_govkpi_score_does(client, phrae):
    response = client.get("/goals/G01/?fy=2565")
    assert response.status_code == 200
    card = score_org(2565, phrae.orgs["54"])
    page = text_of(response)
    goal = next(g for g in card["goals"] if g["code"] == "G01")
    assert f'<span id="goal-score" class="overall__number">{score(goal["score"])}</span>' in response.content.decode()
    for row in (i for i in card["indicators"] if i["goal"] == "G01"):
        assert row["code"] in page and score(row["score"]) in page
    assert "G02-1" not in page
    with translation.override("th"):  # "Value" is in several apps' catalogues; whichever Django picks
        value = translation.gettext("Value")
    assert f"{value} 85 ร้อยละ ค่าเป้าหมาย 80 ร้อยละ คะแนน 3.50" in page  # the mean of 80 and 90
    assert "ระดับ 1: 60 ระดับ 2: 70 ระดับ 3: 80 ระดับ 4: 90 ระดับ 5: 100" in page  # the five thresholds
    assert "✓ บรรลุ" in page and "! เสี่ยง" in page


def test_an_indicator_reported_over_several_periods_has_a_sparkline_with_its_values_in_words(client, phrae):
    html = client.get("/goals/G01/").content.decode()
    assert html.count('<svg class="sparkline"') == 2
    assert html.count('role="img" aria-labelledby="spark-') == 2  # named for screen readers (details: test_charts)
    page = text_of(client.get("/goals/G01/"))
    assert "ค่ารายงวด: 80, 90" in page  # G01-1: Q1 and Q2 of the province
    assert "ค่ารายงวด: 75, 75" in page  # G01-2: 5401's first half, 5402's whole year, each rolled up


def test_the_latest_value_projects_a_mean_indicator(client, phrae):
    assert "ค่าคาดการณ์ ณ สิ้นปี 90 ร้อยละ — ถึงระดับ 3" in text_of(client.get("/goals/G01/"))


def test_a_year_without_results_for_the_rest_of_the_year_gets_a_projection(client, phrae):
    page = text_of(client.get("/goals/G02/"))
    # deaths (sum, lower is better): 4 + 8 in Q1 → 48 over the year, above level 3 (10)
    assert "ค่าคาดการณ์ ณ สิ้นปี 48 ราย — ไม่ถึงระดับ 3" in page


def test_a_whole_year_result_needs_no_projection(client, phrae):
    make_result(phrae.indicators["G02-1"], phrae.orgs["54"], "2565", 3)
    assert "ค่าคาดการณ์" not in text_of(client.get("/goals/G02/"))


@pytest.mark.parametrize("url", ["/goals/G99/", "/goals/G01/?fy=2570"])
def test_an_unknown_goal_or_year_is_not_found(client, phrae, url):
    assert client.get(url).status_code == 404


def test_it_runs_a_bounded_number_of_queries(client, phrae, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):  # 9 for the page (2: why rows are empty), 1 commentary, 1 data version
        client.get("/goals/G01/")

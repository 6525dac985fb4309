"""One number, one meaning: the series by period of an organisation rolled up from its children uses the same core
rules as the year's value (issue 15, G09-4: a district with Q1–Q3 only, the others with Q4)."""

import json
import re

import pytest

from govkpi.dashboards.series import period_series
from govkpi.scorecards.loading import load_year
from govkpi.scorecards.services import score_org

from ..scorecards.builders import make_criterion, make_goal, make_indicator, make_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools(phrae):
    """G09-4 in small: schools open at the end of each quarter (`last`), reported by the districts."""
    goal = make_goal("G09")
    schools = make_indicator("G09-4", goal, aggregation="last", unit="แห่ง")
    make_criterion(2565, schools, weight=2, levels=(10, 15, 20, 25, 30), target=20)
    for period, value in (("Q1", 10), ("Q2", 11), ("Q3", 11), ("Q4", 12)):
        make_result(schools, phrae.orgs["5401"], f"2565-{period}", value)
    for period in ("Q1", "Q2", "Q3"):  # 5402 has not reported Q4 yet
        make_result(schools, phrae.orgs["5402"], f"2565-{period}", 6)
    make_result(schools, phrae.orgs["5403"], "2565-Q4", 8)  # 5403 reports Q4 only
    return schools


def province_series(phrae, indicator):
    data = load_year(2565, root=phrae.orgs["54"])
    return period_series(data, phrae.orgs["54"].pk, [indicator.pk])[indicator.pk]


def test_each_period_combines_the_childrens_values_of_that_period(phrae, schools):
    points = province_series(phrae, schools)
    assert [p.period.code for p in points] == ["2565-Q1", "2565-Q2", "2565-Q3", "2565-Q4"]
    assert [p.value for p in points] == [16, 17, 17, 20]  # in the period: 5402 has no Q4, 5403 only Q4


def test_for_last_the_year_value_equals_the_last_periods_bar(phrae, schools):
    points = province_series(phrae, schools)
    year = next(i for i in score_org(2565, phrae.orgs["54"])["indicators"] if i["code"] == "G09-4")["value"]
    assert year == 12 + 6 + 8  # 5402 counts with its Q3 report (scoring.md §1: `last` of each child, then the sum)
    assert points[-1].shown("last") == year
    assert [p.shown("last") for p in points] == [16, 17, 17, 26]  # as of each period's end


def test_the_chart_on_the_indicator_page_draws_the_same_number_as_the_year(client, phrae, schools):
    html = client.get("/indicators/G09-4/?fy=2565").content.decode()
    data = json.loads(re.search(r'id="chart-periods-data" type="application/json">(.*?)</script>', html).group(1))
    assert data["values"][-1] == 26
    assert '<dd id="indicator-value">26' in html


def test_for_sum_the_last_running_total_is_the_year_value(phrae):
    deaths = phrae.indicators["G02-1"]
    make_result(deaths, phrae.orgs["5402"], "2565-Q2", 5)
    points = province_series(phrae, deaths)
    year = next(i for i in score_org(2565, phrae.orgs["54"])["indicators"] if i["code"] == "G02-1")["value"]
    assert [p.value for p in points] == [12, 5] and [p.shown("sum") for p in points] == [12, 17] and year == 17

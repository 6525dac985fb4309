"""Charts that tell the truth (issue 15): a `sum` indicator draws its running total against the annual target, a
target is drawn whenever one exists (one point too), a yearly indicator is drawn once, sparklines are named and
have a baseline."""

import json
import re
from pathlib import Path

import pytest

from govkpi.core.periods import parse_period
from govkpi.dashboards.goal import sparkline
from govkpi.dashboards.series import Point
from govkpi.plans.models import Criterion

from ..scorecards.builders import make_criterion, make_goal, make_indicator, make_result
from .test_home import text_of

pytestmark = pytest.mark.django_db
CHARTS_JS = Path(__file__).resolve().parents[2] / "govkpi/dashboards/static/dashboards/charts.js"


def chart_data(html: str, chart_id: str) -> dict:
    found = re.search(rf'id="{chart_id}-data" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1)) if found else {}


@pytest.fixture
def visitors(phrae):
    """G05-2 in small: visitors (`sum`) by quarter, ~400 a quarter against an annual target of 1,600."""
    goal = make_goal("G05")
    visitors = make_indicator("G05-2", goal, aggregation="sum", unit="คน")
    make_criterion(2565, visitors, levels=(1000, 1300, 1600, 1900, 2200), target=1600)
    for period, value in (("Q1", 400), ("Q2", 410), ("Q3", 420), ("Q4", 410)):
        make_result(visitors, phrae.orgs["54"], f"2565-{period}", value)
    return visitors


def test_a_sum_indicator_draws_the_running_total_against_the_annual_target(client, visitors):
    response = client.get("/indicators/G05-2/")
    data = chart_data(response.content.decode(), "chart-periods")
    assert data["values"] == [400, 810, 1230, 1640] and data["target"] == 1600
    page = text_of(response)
    assert "ยอดสะสมรายงวด" in page  # the title says it is a running total
    assert "ตั้งแต่ต้นปีงบประมาณถึงสิ้นงวด" in page  # and the caption how to read it against the annual target
    assert "ไตรมาส 4/2565 410 1,640" in page  # the table: the period's own value beside the running total


def test_a_chart_of_one_point_has_its_target_drawn(client, phrae):
    Criterion.objects.filter(indicator=phrae.indicators["G02-1"]).update(target=10)
    html = client.get("/indicators/G02-1/").content.decode()
    data = chart_data(html, "chart-periods")
    assert len(data["values"]) == 1 and data["target"] == 10
    assert "ค่าเป้าหมาย: 10 ราย" in text_of(client.get("/indicators/G02-1/"))  # said in words too
    script = CHARTS_JS.read_text()
    # the target is drawn by a plugin over the whole width of the chart, not as a line between points
    assert "afterDatasetsDraw" in script and "area.left" in script and "area.right" in script


def test_a_yearly_indicator_is_drawn_once(client, phrae):
    goal = make_goal("G08")
    yearly = make_indicator("G08-1", goal, aggregation="last")
    make_criterion(2565, yearly, target=80)
    make_result(yearly, phrae.orgs["54"], "2565", 85)
    html = client.get("/indicators/G08-1/").content.decode()
    assert 'data-chart="chart-periods"' not in html
    assert html.count('data-chart="chart-years"') == 1
    assert chart_data(html, "chart-years")["target"] == 80
    embed = client.get("/embed/indicators/G08-1/").content.decode()
    assert embed.count("data-chart=") == 1  # the embed shows the chart over years instead


def test_sparklines_are_named_with_their_values_and_have_a_baseline(client, phrae):
    html = client.get("/goals/G01/").content.decode()
    svg = re.search(r'<svg class="sparkline".*?</svg>', html, flags=re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="spark-G01-1-title"' in svg
    assert re.search(r'<title id="spark-G01-1-title">ค่ารายงวด: 80, 90', svg)
    assert 'class="sparkline__baseline"' in svg


def test_a_sparkline_starts_from_zero_shows_its_target_and_one_point_as_a_dot():
    q1, q2 = parse_period("2565-Q1"), parse_period("2565-Q2")
    drawn = sparkline([Point(q1, 80, 80), Point(q2, 90, 85)], "mean", target=100)
    assert drawn["baseline"] == 30.0  # zero at the bottom: 80 and 90 are not drawn as a fall to nothing
    assert drawn["target"] == 2.0 and drawn["values"] == [80, 90]
    running = sparkline([Point(q1, 400, 400), Point(q2, 410, 810)], "sum", target=1600)
    assert running["values"] == [400, 810]
    one = sparkline([Point(q1, 5, 5)], "last")
    assert one["values"] == [5] and one["dot"][0] == 60 and one["target"] is None
    assert sparkline([], "mean") is None

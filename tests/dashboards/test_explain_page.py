"""How was this calculated? One page per organisation and year, from `score_org`: every indicator's value, level,
weight, weight share and contribution; the contributions add up to the overall score (issue 15)."""

import math

import pytest

from govkpi.dashboards.explain import contributions, explain_page
from govkpi.dashboards.templatetags.thai_format import score
from govkpi.plans.models import ScoringPolicy
from govkpi.scorecards.services import score_org

from ..scorecards.builders import make_criterion, make_goal, make_indicator
from .test_home import text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["54", "5401", "5402"])
def test_the_contributions_add_up_to_the_overall_score_of_score_org(phrae, code):
    page = explain_page(code, 2565)
    card = score_org(2565, phrae.orgs[code])
    assert math.isclose(page["total"], card["overall"]["score"], abs_tol=1e-9)
    by_code = {row["code"]: row for row in card["indicators"]}
    for row in page["indicators"]:
        assert row["value"] == by_code[row["code"]]["value"] and row["score"] == by_code[row["code"]]["score"]
        assert row["weight"] == by_code[row["code"]]["weight"]
    for goal in page["goals"]:
        expected = next(g for g in card["goals"] if g["code"] == goal["code"])["score"]
        assert goal["sum"] is None and expected is None or math.isclose(goal["sum"], expected, abs_tol=1e-9)
    in_overall = [g["in_overall"] for g in page["goals"] if g["in_overall"] is not None]
    assert math.isclose(math.fsum(in_overall), card["overall"]["score"], abs_tol=1e-9)


def test_the_page_shows_each_indicator_and_the_overall_as_the_sum(client, phrae):
    response = client.get("/orgs/54/2565/explain/")
    assert response.status_code == 200
    card = score_org(2565, phrae.orgs["54"])
    page = text_of(response)
    assert f'<span id="explain-score" class="overall__number">{score(card["overall"]["score"])}</span>' in (
        response.content.decode()
    )
    # G01-1: 85 → 3.5, weight 5 of 10 scored → 50 % → 1.7500
    assert "G01-1 ตัวชี้วัด G01-1 85 ร้อยละ" in page and "3.50 5 50% 1.7500" in page
    assert "ระหว่างระดับ 3 และระดับ 4" in page  # where the value stands among the thresholds
    assert "บรรลุตั้งแต่ 3.00 เสี่ยงตั้งแต่ 2.00" in page  # the year's policy in words
    assert "ค่าที่ไม่ถึงระดับ 1 ได้คะแนนต่ำสุด: 0.00" in page
    assert "ค่าเฉลี่ยธรรมดาของคะแนนเป้าหมาย" in page  # why the overall is not the mean of the goals


def test_it_follows_the_years_policy(client, phrae):
    ScoringPolicy.objects.create(fiscal_year=2565, missing="zero", floor=1, achieved_from=3.5, at_risk_from=2.5)
    goal = make_goal("G03")
    make_criterion(2565, make_indicator("G03-1", goal), weight=10)  # no result: counts as 0 under `zero`
    page = explain_page("54", 2565)
    card = score_org(2565, phrae.orgs["54"])
    assert math.isclose(page["total"], card["overall"]["score"], abs_tol=1e-9)
    empty = next(r for r in page["indicators"] if r["code"] == "G03-1")
    assert empty["contribution"] == 0 and math.isclose(empty["share"], 0.5)
    text = text_of(client.get("/orgs/54/2565/explain/?fy=2565"))
    assert "บรรลุตั้งแต่ 3.50 เสี่ยงตั้งแต่ 2.50" in text and "นับเป็นคะแนน 0" in text


def test_in_english(client, phrae):
    page = text_of(client.get("/orgs/5401/2565/explain/", HTTP_ACCEPT_LANGUAGE="en"))
    if "How was this calculated?" not in page:  # the language may come from the session's choice only
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        page = text_of(client.get("/orgs/5401/2565/explain/"))
    assert "How was this calculated?" in page and "Weight share" in page


def test_contributions_of_rows_without_a_score_or_weight():
    rows = [{"code": "a", "weight": 3, "score": 4.0}, {"code": "b", "weight": 1, "score": None},
            {"code": "c", "weight": None, "score": None, "left_out": True}]
    out, total = contributions(rows, "exclude")
    assert total == 4.0 and [r["contribution"] for r in out] == [4.0, None, None]
    out, total = contributions(rows, "zero")
    assert total == 3.0 and [r["share"] for r in out] == [0.75, 0.25, None]
    assert contributions([{"code": "b", "weight": 1, "score": None}], "exclude")[1] is None


@pytest.mark.parametrize("url", ["/orgs/NOPE/2565/explain/", "/orgs/54/2570/explain/"])
def test_an_unknown_org_or_year_is_not_found(client, phrae, url):
    assert client.get(url).status_code == 404


def test_the_org_goal_and_indicator_pages_link_to_it(client, phrae):
    for url in ("/orgs/5401/", "/goals/G01/", "/indicators/G01-1/"):
        html = client.get(url).content.decode()
        assert 'href="/orgs/' in html and '/2565/explain/"' in html, url


def test_it_runs_a_bounded_number_of_queries(client, phrae, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get("/orgs/54/2565/explain/")

"""Rankings show every organisation's coverage; a score below the year's minimum coverage is not ranked."""

import pytest

from govkpi.core.scoring import Policy
from govkpi.dashboards.rankings import ranked, rankings_page
from govkpi.orgs.models import PeerGroup

from ..scorecards.builders import make_policy, make_result
from .test_home import text_of

pytestmark = pytest.mark.django_db


def rows(*specs):
    return [{"code": code, "score": score, "coverage": coverage} for code, score, coverage in specs]


def test_scores_below_the_minimum_follow_the_ranked_ones_unranked_and_marked():
    table = ranked(rows(("pao", 5.0, 0.01), ("a", 3.0, 0.9), ("b", None, 0.0), ("c", 4.0, 0.5), ("d", 2.0, 0.3)),
                   policy=Policy(min_coverage=0.5))
    assert [(r["code"], r["rank"], r["below_minimum"]) for r in table] == [
        ("c", 1, False), ("a", 2, False), ("pao", None, True), ("d", None, True), ("b", None, False)]


def test_without_a_minimum_every_score_is_ranked():
    table = ranked(rows(("pao", 5.0, 0.01), ("a", 3.0, 0.9)))
    assert [(r["code"], r["rank"], r["below_minimum"]) for r in table] == [("pao", 1, False), ("a", 2, False)]


@pytest.fixture
def full_5401(phrae):
    """5401 reports every indicator (coverage 100 %); 5402 covers half the weight; 5403 nothing."""
    make_result(phrae.indicators["G01-1"], phrae.orgs["5401"], "2565", 100)
    return phrae


def test_the_page_ranks_only_districts_with_enough_coverage(client, full_5401):
    make_policy(2565, min_coverage=0.6)
    page = rankings_page("2565")
    assert [(r["code"], r["rank"], r["below_minimum"]) for r in page["districts"]] == [
        ("5401", 1, False), ("5402", None, True), ("5403", None, False)]
    assert page["districts"][1]["coverage"] == pytest.approx(0.5)
    text = text_of(client.get("/rankings/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Not ranked: coverage below the minimum of 60%" in text
    assert "a score is ranked only when its coverage is at least 60%" in text


def test_every_row_shows_its_coverage(client, full_5401):
    html = client.get("/rankings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    body = html[html.index('id="rank-districts"'):]
    body = body[: body.index("</table>")]
    assert body.count('data-label="Coverage">') == 3
    assert 'data-label="Coverage">100%<' in body and 'data-label="Coverage">50%<' in body
    assert "Not ranked" not in body  # no minimum this year


def test_goal_tables_and_peer_groups_use_their_own_coverage(full_5401):
    make_policy(2565, min_coverage=0.6)
    group = PeerGroup.objects.create(code="district")
    group.members.set([full_5401.orgs["5401"], full_5401.orgs["5402"]])
    page = rankings_page("2565")
    g02 = next(g for g in page["by_goal"] if g["code"] == "G02")["rows"]
    assert [(r["code"], r["rank"]) for r in g02][:2] == [("5401", 1), ("5402", 2)]  # both cover all of G02
    members = page["groups"][0]["rows"]
    assert [(r["code"], r["below_minimum"]) for r in members] == [("5401", False), ("5402", True)]


def test_the_thai_page_says_why_a_score_is_not_ranked(client, full_5401):
    make_policy(2565, min_coverage=0.6)
    text = text_of(client.get("/rankings/"))
    assert "ไม่จัดอันดับ: ความครอบคลุมต่ำกว่าเกณฑ์ขั้นต่ำ 60%" in text

"""Rankings: districts by overall score and by goal; peer groups against their own kind."""

import re

import pytest

from govkpi.dashboards.rankings import ranked
from govkpi.dashboards.templatetags.thai_format import score
from govkpi.orgs.models import PeerGroup
from govkpi.scorecards.services import score_org

from ..scorecards.builders import make_result

pytestmark = pytest.mark.django_db


def table_rows(html: str, table_id: str) -> list[tuple[str, str, str]]:
    body = html[html.index(f'id="{table_id}"') :]
    body = body[: body.index("</table>")]
    cell = r'<td class="num[^"]*"[^>]*>([^<]+)</td>'
    return re.findall(cell + r'<th scope="row"><a [^>]+>([^<]+)</a></th>' + cell, body)


def test_equal_scores_share_a_rank_and_missing_scores_come_last():
    rows = [{"code": c, "score": s} for c, s in (("a", 3.0), ("b", None), ("c", 4.0), ("d", 3.0), ("e", 1.0))]
    assert [(r["code"], r["rank"]) for r in ranked(rows)] == [("c", 1), ("a", 2), ("d", 2), ("e", 4), ("b", None)]


def test_districts_are_ranked_by_their_overall_score_as_govkpi_score_gives_it(client, phrae):
    rows = table_rows(client.get("/rankings/").content.decode(), "rank-districts")
    expected = sorted(
        ((score_org(2565, phrae.orgs[code])["overall"]["score"], code) for code in ("5401", "5402")), reverse=True
    )
    assert [(rank, score(value)) for rank, _name, value in rows[:2]] == [
        ("1", score(expected[0][0])),
        ("2", score(expected[1][0])),
    ]
    assert rows[2] == ("–", "อำเภอลอง", "–")  # 5403 reports nothing


def test_districts_are_ranked_by_each_goal(client, phrae):
    html = client.get("/rankings/").content.decode()
    g02 = table_rows(html, "rank-G02")
    assert [name for _rank, name, _score in g02][:2] == ["อำเภอเมืองแพร่", "อำเภอร้องกวาง"]  # 4 deaths beat 8


def test_peer_groups_rank_their_members_against_each_other(client, phrae):
    group = PeerGroup.objects.create(code="district")
    group.members.set([phrae.orgs["5401"], phrae.orgs["5402"], phrae.orgs["5403"]])
    lonely = PeerGroup.objects.create(code="sao", name_th="อบต.")
    lonely.members.set([phrae.orgs["540101"]])
    make_result(phrae.indicators["G01-1"], phrae.orgs["5403"], "2565", 100)
    html = client.get("/rankings/").content.decode()
    rows = table_rows(html, "rank-group-district")
    assert [name for _rank, name, _score in rows][0] == "อำเภอลอง"
    assert 'id="rank-group-sao"' not in html  # one member with a score is no ranking


def test_it_runs_a_bounded_number_of_queries(client, phrae, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):  # 8 for the page, 1 for the cache's data version
        client.get("/rankings/")


def test_each_goal_table_shows_the_goal_status_its_district_page_shows(client, phrae):
    html = client.get("/rankings/?lang=en", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    body = html[html.index('id="rank-G02"'):]
    body = body[: body.index("</table>")]
    card = score_org(2565, phrae.orgs["5401"])
    goal = next(g for g in card["goals"] if g["code"] == "G02")
    assert f"status--{goal['status']}" in body, body  # was "–" for every district

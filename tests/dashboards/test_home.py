"""The public home page: the province's scorecard of a fiscal year, its goals and its awards."""

import re

import pytest

from govkpi.claims.models import Claim
from govkpi.dashboards.templatetags.thai_format import percent, score
from govkpi.scorecards.services import score_org

from ..scorecards.builders import make_criterion, make_result

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's visible text, tags removed and white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_shows_the_province_and_its_overall_score_in_thai(client, phrae):
    response = client.get("/")
    assert response.status_code == 200
    card = score_org(2565, phrae.orgs["54"])
    html = response.content.decode()
    assert '<html lang="th">' in html
    page = text_of(response)
    assert "จังหวัดแพร่" in page and "ปีงบประมาณ 2565" in page
    assert f'<span id="overall-score" class="overall__number">{score(card["overall"]["score"])}</span>' in html
    assert percent(card["overall"]["coverage"]) in page
    assert "คะแนนภาพรวม" in page and "บรรลุ" in page


def test_each_goal_is_a_card_with_score_coverage_and_status_in_words(client, phrae):
    page = text_of(client.get("/"))
    card = score_org(2565, phrae.orgs["54"])
    for goal in card["goals"]:
        assert goal["code"] in page
        assert score(goal["score"]) in page
    assert "G01 เศรษฐกิจมั่นคง" in page
    assert "3.13" in page and "2.60" in page  # 3.125 rounds half up, as on Thai score sheets
    assert "! เสี่ยง" in page  # the at-risk goal: an icon and a word, not colour alone
    assert "✓ บรรลุ" in page


def test_dates_are_buddhist_era(client, phrae):
    page = text_of(client.get("/"))
    assert "1 ตุลาคม 2564 ถึง 30 กันยายน 2565" in page


def test_the_latest_year_with_criteria_is_the_default_and_others_can_be_chosen(client, phrae):
    make_criterion(2566, phrae.indicators["G01-1"])
    make_result(phrae.indicators["G01-1"], phrae.orgs["54"], "2566", 100)
    latest = client.get("/")
    assert "ปีงบประมาณ 2566" in text_of(latest)
    html = latest.content.decode()
    assert '<option value="2566" selected>2566</option>' in html and '<option value="2565">2565</option>' in html
    older = client.get("/?fy=2565")
    assert "ปีงบประมาณ 2565" in text_of(older)
    assert score(score_org(2565, phrae.orgs["54"])["overall"]["score"]) in text_of(older)


@pytest.mark.parametrize("fy", ["2570", "2022", "abc"])
def test_a_year_without_criteria_is_not_found(client, phrae, fy):
    assert client.get(f"/?fy={fy}").status_code == 404


def test_an_empty_database_gets_a_friendly_page(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "ยังไม่มีผลคะแนน" in text_of(response)


def test_goal_notes_are_footnotes(client, phrae):
    response = client.get("/")
    html = response.content.decode()
    assert '<li id="note-1">Illustrative goals for the demo.</li>' in html
    assert 'href="#note-1"' in html
    assert html.count('href="#note-') == 1  # only G01 has a note


def test_awards_are_totalled_from_the_records_and_a_wrong_published_total_is_flagged(client, phrae):
    page = text_of(client.get("/"))
    assert "รางวัลตามบันทึก 72 รางวัล" in page
    assert "ที่เผยแพร่: 71 · ตามบันทึก: 72" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "published: 71 · records: 72" in text_of(client.get("/"))


def test_no_notice_when_the_published_total_agrees(client, phrae):
    Claim.objects.filter(metric="awards.total").update(value=72)
    page = text_of(client.get("/"))
    assert "รางวัลตามบันทึก 72 รางวัล" in page
    assert "ที่เผยแพร่" not in page


def test_the_page_uses_a_fixed_number_of_queries(client, phrae, django_assert_num_queries):
    """9 for the page (see `dashboards.home`), 6 for its map (`maps.build`), 1 for the page cache's data version."""
    client.get("/")  # warm up anything cached per process
    with django_assert_num_queries(16):
        client.get("/")
    for code in ("5402", "5403"):
        make_result(phrae.indicators["G01-2"], phrae.orgs[code], "2565-Q3", numerator=1, denominator=2)
    with django_assert_num_queries(16):
        client.get("/")


def test_the_page_has_landmarks_a_skip_link_and_headings_in_order(client, phrae):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">ข้ามไปยังเนื้อหาหลัก</a>' in html
    for landmark in ("<header", '<main id="main"', "<footer"):
        assert landmark in html
    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))

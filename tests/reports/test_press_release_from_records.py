"""The press release states what the records hold: the computed award total, each category's count and issuers,
the ITA highlights and the event — never a number copied from a published claim."""

import pytest
from django.db.models import Sum

from govkpi.awards.models import Award
from govkpi.claims.models import Claim
from govkpi.core.thai import to_thai_digits
from govkpi.reports.document import plain
from govkpi.reports.press import press_release
from govkpi.reports.render import to_markdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(demo, db):
    return press_release(2565)


def test_the_total_is_the_sum_of_the_award_records_not_the_published_claim(release):
    total = Award.objects.filter(fiscal_year=2565).aggregate(n=Sum("quantity"))["n"]
    claimed = Claim.objects.get(fiscal_year=2565, metric="awards.total").value
    assert (total, claimed) == (72, 71)
    text = release.text()
    assert f"{to_thai_digits(str(total))} รางวัล" in text
    assert "ได้รับรางวัลจากการประเมินมาตรฐานจากภายนอก รวม ๗๒ รางวัล" in text


def test_each_category_has_its_count_and_its_issuer_from_the_records(release):
    text = release.text()
    rows = Award.objects.filter(fiscal_year=2565).values("category", "issuer").annotate(n=Sum("quantity"))
    assert len(rows) == 4
    for row in rows:
        assert f"จำนวน {to_thai_digits(str(row['n']))} รางวัล จาก {row['issuer']}" in text


def test_it_says_the_published_total_did_not_match(release):
    assert "ตัวเลขที่เผยแพร่ก่อนหน้านี้ (๗๑ รางวัล) ไม่ตรงกับบันทึกรางวัล" in release.text()


def test_it_gives_the_ita_score_the_national_rank_and_the_aa_list(release):
    text = release.text()
    assert "อันดับ ๒ ของประเทศ (ราชการส่วนภูมิภาค) ที่ ๙๙.๑๕ คะแนน" in text
    assert "องค์การบริหารส่วนจังหวัดแพร่" in text
    assert "ผ่านระดับ AA (๙๕ คะแนนขึ้นไป) ได้แก่ ราชการส่วนภูมิภาค" in text
    for name in ("องค์การบริหารส่วนตำบลห้วยอ้อ", "องค์การบริหารส่วนตำบลบ้านปิน"):
        assert name in text


def test_it_opens_with_the_event_in_be_dates_and_thai_digits(release):
    opening = plain(release.blocks[1].parts)
    assert opening.startswith("วันอังคารที่ ๒๐ กันยายน ๒๕๖๕ เวลา ๑๐.๐๐ น. นายสมหวัง พ่วงบางโพ ผู้ว่าราชการจังหวัดแพร่")
    assert "ห้องนครแกรนด์บอลรูม โรงแรมแพร่นครา" in opening


def test_arabic_digits_and_english_are_available(demo, db):
    text = press_release(2565, lang="en", digits="arabic").text()
    assert "72 awards" in text
    assert "99.15" in text and "๙๙.๑๕" not in text


def test_in_markdown_every_award_number_links_to_its_records(release):
    markdown = to_markdown(release, "https://example.org")
    assert "[๗๒](https://example.org/open-data/awards/?fiscal_year=2565)" in markdown
    assert "[๕๑](https://example.org/open-data/awards/?fiscal_year=2565&category=moral)" in markdown
    assert "[๙๙.๑๕](https://example.org/open-data/assessments/?fiscal_year=2565&framework=ita&org=54)" in markdown

"""Award totals by category, issuer, recipient and district are always computed from the records."""

import pytest

from govkpi.awards.pages import awards_page

pytestmark = pytest.mark.django_db


def test_the_total_counts_every_certificate(awards):
    assert awards_page("2565")["total"] == 72


def test_totals_by_category_and_issuer(awards):
    page = awards_page("2565")
    assert [n for _, n in page["by_category"]] == [51, 14, 6, 1]
    assert dict(page["by_issuer"])["สำนักนายกรัฐมนตรี"] == 14


def test_a_subdistrict_award_counts_for_its_district_and_province_awards_stand_apart(awards):
    by_district = dict(awards_page("2565")["by_district"])
    assert by_district == {"อำเภอร้องกวาง": 51, "อำเภอเมืองแพร่": 14, "ระดับจังหวัด": 7}


def test_totals_by_recipient(awards):
    by_recipient = {code: n for _, code, n in awards_page("2565")["by_recipient"]}
    assert by_recipient == {"5402": 51, "5401": 13, "54": 7, "540101": 1}


def test_a_year_without_awards_is_not_found(awards):
    from govkpi.awards.pages import NotFound

    with pytest.raises(NotFound):
        awards_page("2564")

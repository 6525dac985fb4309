"""The organisation page: its scorecard, the units below it, its assessments and its awards."""

import pytest

from govkpi.assessments.models import Assessment
from govkpi.dashboards.templatetags.thai_format import percent, score
from govkpi.scorecards.services import score_org

from .test_home import text_of

pytestmark = pytest.mark.django_db


def test_a_district_scorecard_equals_govkpi_score_for_that_district(client, phrae):
    response = client.get("/orgs/5401/")
    assert response.status_code == 200
    card = score_org(2565, phrae.orgs["5401"])
    html = response.content.decode()
    assert f'<span id="org-score" class="overall__number">{score(card["overall"]["score"])}</span>' in html
    assert f'<span id="org-coverage">{percent(card["overall"]["coverage"])}</span>' in html
    page = text_of(response)
    assert "อำเภอเมืองแพร่" in page and "จังหวัดแพร่" in page  # the parent, as a breadcrumb
    assert "ตำบลในเวียง" in page  # the unit below
    for row in card["indicators"]:
        assert row["code"] in page


def test_it_lists_the_assessments_and_awards_of_the_organisation(client, phrae):
    Assessment.objects.create(framework="ita", fiscal_year=2565, org=phrae.orgs["54"], score=99.15, level="AA", rank=2)
    page = text_of(client.get("/orgs/54/"))
    assert "ITA 2565 99.15 AA 2" in page
    assert "7 รางวัลตามบันทึก" not in page and "รางวัลตามบันทึก 7 รางวัล" in page  # ITA 6 + PMQA 1 for 54
    district = text_of(client.get("/orgs/5401/"))
    assert "รางวัลตามบันทึก 65 รางวัล" in district and "ยังไม่มีผลการประเมินในระบบ" in district


def test_in_english_names_and_labels_are_english(client, phrae):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = text_of(client.get("/orgs/5401/"))
    assert "Unit 5401" in page and "Overall score" in page and "Units below" in page


def test_an_unknown_organisation_is_not_found(client, phrae):
    assert client.get("/orgs/9999/").status_code == 404


def test_it_runs_a_bounded_number_of_queries(client, phrae, django_assert_max_num_queries):
    with django_assert_max_num_queries(13):  # 11 for the page (2: why rows are empty), 1 commentary, 1 data version
        client.get("/orgs/54/")

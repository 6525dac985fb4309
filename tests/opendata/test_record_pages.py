"""The pages a press-release number links to: the records behind it, readable without logging in."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_awards_page_shows_the_records_and_their_total(demo, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/open-data/awards/?fiscal_year=2565&category=moral")
    html = response.content.decode()
    assert response.status_code == 200
    assert "รายการเหล่านี้รวมเป็น 51 รางวัล" in html
    assert "/open-data/awards.csv?fiscal_year=2565&amp;category=moral" in html


def test_the_open_data_index_links_every_dataset_and_the_package(demo, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        html = client.get("/open-data/").content.decode()
    for name in ("scorecards", "results", "assessments", "awards"):
        assert f'href="/open-data/{name}/"' in html
    assert "/open-data/datapackage.zip" in html and "/open-data/catalog.jsonld" in html


def test_a_goal_score_link_shows_that_goal_of_one_organisation(demo, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get("/open-data/scorecards/?fiscal_year=2565&org=54&goal=G01")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<td>G01</td>" in html and "<td>G02</td>" not in html

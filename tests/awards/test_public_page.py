"""The public awards page shows the computed total and the published claims that disagree, openly."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_page_shows_72_and_the_published_71_that_disagrees(client, awards):
    page = client.get(reverse("awards:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="awards-total" class="overall__number">72<' in text
    assert "published 71, records 72" in text
    assert [claim["metric"] for claim in page.context["mismatches"]] == ["awards.total"]


def test_an_award_links_to_the_assessment_that_earned_it(client, awards):
    text = client.get(reverse("awards:index")).content.decode()
    assert reverse("assessments:framework", args=["ita", 2565]) in text


def test_thai_digits_when_the_visitor_prefers_them(client, awards):
    client.cookies["digits"] = "thai"
    text = client.get(reverse("awards:index")).content.decode()
    assert ">๗๒<" in text


def test_no_awards_gives_a_plain_page(client, db):
    assert (
        "No awards are recorded yet." in client.get(reverse("awards:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_the_page_reads_in_a_bounded_number_of_queries(client, awards, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(reverse("awards:index"))

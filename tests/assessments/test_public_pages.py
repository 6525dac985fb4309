"""The public pages assessments:index and assessments:framework: ranks, flags and weak spots, in few queries."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_index_lists_each_framework_year_with_its_summary(client, ita):
    page = client.get(reverse("assessments:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert reverse("assessments:framework", args=["ita", 2565]) in text
    assert "5 organisations" in text


def test_the_framework_page_shows_ranks_levels_pass_in_words_and_flags(client, ita):
    page = client.get(reverse("assessments:framework", args=["ita", 2565]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Regional administration: 1" in text and "regional_administration" not in text
    assert "not passed" in text
    assert "published level AA differs from the computed A" in text


def test_weak_spots_list_who_is_below_the_pass_mark(client, ita):
    page = client.get(reverse("assessments:framework", args=["ita", 2565]), HTTP_ACCEPT_LANGUAGE="en")
    spots = {spot["code"]: spot for spot in page.context["weak_spots"]}
    assert spots["8"]["mean"] == pytest.approx(80) and spots["8"]["below"] == ("54-PAO",)
    assert spots["IIT"]["below"] == ()


def test_the_page_is_thai_by_default(client, ita):
    text = client.get(reverse("assessments:framework", args=["ita", 2565])).content.decode()
    assert "จุดอ่อนที่ต้องแก้ไข" in text and "ไม่ผ่าน" in text


def test_an_unknown_framework_or_year_is_404(client, ita):
    assert client.get(reverse("assessments:framework", args=["nope", 2565])).status_code == 404
    assert client.get(reverse("assessments:framework", args=["ita", 2501])).status_code == 404


def test_the_pages_read_in_a_bounded_number_of_queries(client, ita, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(reverse("assessments:framework", args=["ita", 2565]))
    with django_assert_max_num_queries(8):
        client.get(reverse("assessments:index"))

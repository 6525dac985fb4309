"""Branded 404 and 500 pages in both languages with the navigation, a favicon, and natural addresses that redirect
(issue 15 item 11)."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from govkpi.dashboards.errors import server_error

from .test_home import text_of


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading", "nav"), [("th", "ไม่พบหน้านี้", "ภาพรวม"),
                                                          ("en", "Page not found", "Overview")])
def test_404_is_the_site_page_in_the_visitors_language(client, language, heading, nav):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    text = text_of(response)
    assert heading in text and nav in text
    assert "Not Found" not in text
    assert 'class="site-nav site-nav--collapsible"' in response.content.decode()


@pytest.mark.parametrize(("language", "heading"), [("th", "เกิดข้อผิดพลาด"), ("en", "Something went wrong")])
def test_500_is_branded_and_never_touches_the_database(language, heading):
    request = RequestFactory().get("/broken/")
    with translation.override(language):
        response = server_error(request)  # no database: this test has none (no django_db mark)
    assert response.status_code == 500
    text = text_of(response)
    assert heading in text
    assert ("ภาพรวม" if language == "th" else "Overview") in text
    assert "Server Error" not in text


def test_the_500_handler_is_the_sites():
    from govkpi import urls

    assert urls.handler500 == "govkpi.dashboards.errors.server_error"


@pytest.mark.django_db
def test_a_view_that_raises_gets_the_branded_500(client, settings):
    settings.ROOT_URLCONF = "tests.dashboards.broken_urls"
    client.raise_request_exception = False
    response = client.get("/broken/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "Something went wrong" in text_of(response)


def test_the_favicon_is_an_image(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert response.content[:4] == b"\0\0\1\0"  # an ICO file


@pytest.mark.django_db
@pytest.mark.parametrize(("address", "target"), [("/results/tasks/", "/results/"), ("/tasks/", "/results/"),
                                                 ("/approvals/", "/results/approvals/")])
def test_natural_addresses_redirect(client, address, target):
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == target

"""Public pages are cached under the data version (the newest audit event), so a recorded change shows at once."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from govkpi.audit.actions import record
from govkpi.dashboards.templatetags.thai_format import score
from govkpi.scorecards.services import score_org

from ..scorecards.builders import make_result
from .test_home import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def recorded(phrae):
    """The data as if loaded through an action: the audit log has an event."""
    record(acting_user=None, channel="cli", action="workbook.load", object_type="workbook", object_key="test")
    return phrae


def test_the_second_visit_is_served_from_the_cache_with_one_query(client, recorded, django_assert_num_queries):
    assert client.get("/").headers["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):
        response = client.get("/")
    assert response.headers["X-Page-Cache"] == "hit"


def test_a_recorded_change_shows_at_once(client, recorded):
    before = text_of(client.get("/rankings/"))
    make_result(recorded.indicators["G01-2"], recorded.orgs["5403"], "2565", numerator=10, denominator=10)
    assert text_of(client.get("/rankings/")) == before  # written behind the actions' back: still the cached page
    record(acting_user=None, channel="web", action="results.approve", object_type="result", object_key="G01-2")
    response = client.get("/rankings/")
    assert response.headers["X-Page-Cache"] == "miss"
    assert score(score_org(2565, recorded.orgs["5403"])["overall"]["score"]) in text_of(response)


def test_language_and_digits_have_their_own_pages(client, recorded):
    client.get("/")
    client.post("/digits/", {"digits": "thai", "next": "/"})
    assert "ปีงบประมาณ ๒๕๖๕" in text_of(client.get("/"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "fiscal year ๒๕๖๕" in text_of(client.get("/"))


def test_a_cached_page_carries_the_visitors_own_csrf_token(recorded):
    Client().get("/")  # someone else fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/")
    assert page.headers["X-Page-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = visitor.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_signed_in_visitors_and_an_empty_audit_log_are_not_cached(client, phrae, django_user_model):
    assert "X-Page-Cache" not in client.get("/").headers  # no audit event yet
    record(acting_user=None, channel="cli", action="workbook.load")
    client.force_login(django_user_model.objects.create_user("reporter", password="x"))
    assert "X-Page-Cache" not in client.get("/").headers


def test_made_up_query_parameters_are_served_but_not_stored(client, recorded):
    assert client.get("/?fy=2565&utm_source=x").status_code == 200
    assert "X-Page-Cache" not in client.get("/?fy=2565&utm_source=x").headers
    assert client.get("/indicators/G01-1/?fy=2565&sort=name&order=asc").headers["X-Page-Cache"] == "miss"

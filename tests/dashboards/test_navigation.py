"""The site navigation: one list in `dashboards.nav`, entries by URL name, skipping those no app provides."""

import pytest
from django.urls import NoReverseMatch, reverse

from govkpi.dashboards.nav import ENTRIES

pytestmark = pytest.mark.django_db


def nav_links(response) -> list[str]:
    return [entry["url"] for entry in response.context["nav"]]


def resolves(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_a_visitor_sees_the_public_pages_and_sign_in_but_not_the_executive_view(client, phrae):
    links = nav_links(client.get("/"))
    assert links[:2] == ["/", "/rankings/"]
    assert reverse("dashboards:executive") not in links
    if resolves("accounts:login"):
        assert reverse("accounts:login") in links


def test_a_signed_in_official_sees_the_executive_view_and_sign_out(client, phrae, django_user_model):
    client.force_login(django_user_model.objects.create_user("governor", password="x"))
    links = nav_links(client.get("/rankings/"))
    assert reverse("dashboards:executive") in links
    if resolves("accounts:logout"):
        assert reverse("accounts:logout") in links
    if resolves("accounts:login"):
        assert reverse("accounts:login") not in links


def test_entries_whose_url_does_not_resolve_are_left_out(client, phrae, monkeypatch):
    from govkpi.dashboards import nav

    monkeypatch.setattr(nav, "ENTRIES", (*ENTRIES, nav.Entry("nowhere:index", "Nowhere")))
    response = client.get("/")
    assert response.status_code == 200
    assert "Nowhere" not in [str(entry["label"]) for entry in response.context["nav"]]


def test_the_current_page_is_marked_for_screen_readers(client, phrae):
    html = client.get("/rankings/").content.decode()
    assert '<a href="/rankings/" aria-current="page">การจัดอันดับ</a>' in html
    assert '<nav class="site-nav site-nav--collapsible" aria-label="เมนูหลัก">' in html

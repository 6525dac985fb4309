"""The API tokens page `/accounts/tokens/`: your tokens, a new one shown once, revoke with confirmation; a province
administrator sees everyone's with a filter by user."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from govkpi.accounts.actions import create_token
from govkpi.accounts.models import ApiToken, hash_token
from govkpi.audit.models import AuditEvent
from tests.results.builders import PASSWORD

URL = "/accounts/tokens/"
NEW_TOKEN = re.compile(r'<code id="new-token"[^>]*>(gk_[^<]+)</code>')


@pytest.fixture
def as_person(client):
    def sign_in(name):
        assert client.login(username=name, password=PASSWORD)
        return client

    return sign_in


def test_signed_out_visitors_are_sent_to_sign_in(world, client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post(f"{URL}1/revoke/").status_code == 302


def test_the_page_is_linked_from_the_nav_of_signed_in_people_only(world, client, as_person):
    assert f'href="{URL}"' not in client.get("/").content.decode()
    assert f'href="{URL}"' in as_person("rep5401").get("/").content.decode()


def test_creating_shows_the_token_once_and_keeps_only_its_hash(world, as_person):
    client = as_person("rep5401")
    response = client.post(URL, {"name": "data hub", "expires": "90"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = NEW_TOKEN.search(response.content.decode()).group(1)
    row = ApiToken.objects.get(digest=hash_token(token))
    assert row.user.get_username() == "rep5401" and row.name == "data hub"
    assert abs(row.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    again = client.get(URL).content.decode()
    assert token not in again and row.prefix in again and "data hub" in again
    assert AuditEvent.objects.get(action="accounts.token.create").channel == "web"
    assert client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_token_that_never_expires(world, as_person):
    client = as_person("rep5401")
    token = NEW_TOKEN.search(client.post(URL, {"name": "", "expires": ""}).content.decode()).group(1)
    assert ApiToken.objects.get(digest=hash_token(token)).expires_at is None


def test_an_unknown_expiry_choice_is_refused(world, as_person):
    response = as_person("rep5401").post(URL, {"name": "x", "expires": "7"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_list_shows_status_and_thai_buddhist_era_dates(world, as_person):
    rep = world.people["rep5401"]
    create_token(rep, acting_user=None, channel="cli", name="old")
    ApiToken.objects.filter(name="old").update(expires_at=timezone.now() - timedelta(days=1))
    create_token(rep, acting_user=None, channel="cli", name="gone")
    ApiToken.objects.filter(name="gone").update(revoked=True)
    create_token(rep, acting_user=None, channel="cli", name="fine")
    html = as_person("rep5401").get(URL, headers={"Accept-Language": "th"}).content.decode()
    assert "โทเคน API" in html and "หมดอายุแล้ว" in html and "ใช้งานได้" in html
    year = timezone.localdate().year + 543
    assert str(year) in html
    english = as_person("rep5401").get(URL, headers={"Accept-Language": "en"})
    text = english.content.decode()
    assert ">expired<" in text and ">revoked<" in text and ">active<" in text
    assert f"{year} BE" in text or str(year) in text


def test_people_see_only_their_own_tokens(world, as_person):
    create_token(world.people["rep5402"], acting_user=None, channel="cli", name="someone else's")
    html = as_person("rep5401").get(URL + "?user=rep5402").content.decode()
    assert "someone else&#x27;s" not in html and "someone else's" not in html


def test_a_province_admin_sees_everyones_tokens_with_the_user_and_a_filter(world, as_person):
    create_token(world.people["rep5402"], acting_user=None, channel="cli", name="sheet-5402")
    create_token(world.people["rep5401"], acting_user=None, channel="cli", name="hub-5401")
    client = as_person("admin")
    html = client.get(URL, headers={"Accept-Language": "en"}).content.decode()
    assert "sheet-5402" in html and "hub-5401" in html and ">rep5402<" in html and 'name="user"' in html
    html = client.get(URL + "?user=rep5402").content.decode()
    assert "sheet-5402" in html and "hub-5401" not in html


def test_revoking_asks_for_confirmation_then_the_api_refuses_the_token(world, as_person, client):
    token = create_token(world.people["rep5401"], acting_user=None, channel="cli", name="hub")
    row = ApiToken.objects.get()
    as_person("rep5401")
    confirm = client.post(f"{URL}{row.pk}/revoke/", headers={"Accept-Language": "en"})
    assert confirm.status_code == 200 and 'name="confirm" value="yes"' in confirm.content.decode()
    assert not ApiToken.objects.get().revoked
    done = client.post(f"{URL}{row.pk}/revoke/", {"confirm": "yes"})
    assert done.status_code == 302 and done["Location"] == URL
    assert ApiToken.objects.get().revoked
    assert AuditEvent.objects.get(action="accounts.token.revoke").channel == "web"
    client.logout()
    assert client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_revoking_needs_post_and_csrf(world, as_person):
    create_token(world.people["rep5401"], acting_user=None, channel="cli")
    row = ApiToken.objects.get()
    assert as_person("rep5401").get(f"{URL}{row.pk}/revoke/").status_code == 405
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.login(username="rep5401", password=PASSWORD)
    assert strict.post(f"{URL}{row.pk}/revoke/", {"confirm": "yes"}).status_code == 403
    assert not ApiToken.objects.get().revoked


def test_others_tokens_are_404_but_a_province_admin_may_revoke_them(world, as_person, client):
    create_token(world.people["rep5402"], acting_user=None, channel="cli")
    row = ApiToken.objects.get()
    assert as_person("rep5401").post(f"{URL}{row.pk}/revoke/", {"confirm": "yes"}).status_code == 404
    assert as_person("app5401").post(f"{URL}{row.pk}/revoke/", {"confirm": "yes"}).status_code == 404
    assert not ApiToken.objects.get().revoked
    assert as_person("admin").post(f"{URL}{row.pk}/revoke/", {"confirm": "yes"}).status_code == 302
    assert ApiToken.objects.get().revoked


def test_the_page_takes_a_bounded_number_of_queries(world, as_person, django_assert_max_num_queries):
    for n in range(60):
        create_token(world.people[("rep5401", "rep5402")[n % 2]], acting_user=None, channel="cli", name=f"t{n}")
    client = as_person("admin")
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    html = response.content.decode()
    assert html.count("/revoke/") == 50 and "?page=2" in html

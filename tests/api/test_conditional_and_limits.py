"""ETag / If-None-Match on every read, and per-token rate limits with 429 and Retry-After."""

import pytest
from django.core.cache import cache

NEW = {"indicator": "I-MEAN", "org": "5401", "period": "2565-Q1", "value": 70}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def approved(api):
    rid = api.post("results", "rep5401", NEW).json()["id"]
    api.post(f"results/{rid}/submit", "rep5401")
    api.post(f"results/{rid}/approve", "app5401")
    return rid


def test_a_read_sends_an_etag_and_answers_304_while_nothing_changed(api):
    rid = approved(api)
    first = api.get(f"results/{rid}", "rep5401")
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    again = api.client.get(f"/api/v1/results/{rid}", headers={
        "Authorization": f"Bearer {api.tokens['rep5401']}", "If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    assert "Authorization" in again["Vary"]


def test_a_change_gives_a_new_etag(api):
    rid = approved(api)
    etag = api.get(f"results/{rid}", "rep5401")["ETag"]
    assert api.post(f"results/{rid}/reopen", "admin", {"reason": "ตรวจสอบใหม่"}).status_code == 200
    after = api.client.get(f"/api/v1/results/{rid}", headers={
        "Authorization": f"Bearer {api.tokens['rep5401']}", "If-None-Match": etag})
    assert after.status_code == 200 and after["ETag"] != etag and after.json()["status"] == "draft"


def test_a_public_read_revalidates_without_running_the_view(api, django_assert_num_queries):
    approved(api)
    first = api.client.get("/api/v1/results?org=5401")
    etag = first["ETag"]
    assert first.status_code == 200 and first.json()["count"] == 1
    with django_assert_num_queries(1):  # the data version only
        again = api.client.get("/api/v1/results?org=5401", headers={"If-None-Match": etag})
    assert again.status_code == 304
    # another address (other query) is not answered from the first one's ETag
    assert api.client.get("/api/v1/results?org=5402", headers={"If-None-Match": etag}).status_code == 200


def test_a_public_read_after_a_write_is_not_stale(api):
    rid = approved(api)
    etag = api.client.get("/api/v1/results")["ETag"]
    assert api.post(f"results/{rid}/reopen", "admin", {"reason": "ตรวจสอบใหม่"}).status_code == 200
    response = api.client.get("/api/v1/results", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.json()["count"] == 0


def test_errors_and_writes_carry_no_etag(api):
    assert "ETag" not in api.get("results/999999", "rep5401")
    assert "ETag" not in api.post("results", "rep5401", NEW)


def test_a_token_over_its_rate_gets_429_with_retry_after(api, settings):
    settings.GOVKPI_API_RATE = "3/min"
    statuses = [api.get("results", "rep5401").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api.get("results", "rep5401")
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60
    # the limit is per token: another person's token is not affected
    assert api.get("results", "app5401").status_code == 200


def test_requests_without_a_token_are_limited_per_address(api, settings):
    settings.GOVKPI_API_ANON_RATE = "2/min"
    statuses = [api.client.get(f"/api/v1/results?page={n}").status_code for n in (1, 2, 3)]
    assert statuses == [200, 200, 429]
    assert api.client.get("/api/v1/results", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_an_expired_or_revoked_token_is_refused(api, world):
    from datetime import timedelta

    from django.utils import timezone

    from govkpi.accounts.models import ApiToken

    user = world.people["rep5401"]
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api.get("results", "rep5401")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now() + timedelta(days=1))
    assert api.get("results", "rep5401").status_code == 200
    ApiToken.objects.filter(user=user).update(revoked=True)
    assert api.get("results", "rep5401").status_code == 401


def test_a_public_read_is_served_from_the_cache_until_the_next_write(api, django_assert_num_queries):
    rid = approved(api)
    first = api.client.get("/api/v1/results?org=5401")
    assert first.status_code == 200 and "X-Api-Cache" not in first
    with django_assert_num_queries(1):  # the data version only
        again = api.client.get("/api/v1/results?org=5401")
    assert again["X-Api-Cache"] == "hit" and again.content == first.content and again["ETag"] == first["ETag"]
    assert "Authorization" in again["Vary"]
    assert api.post(f"results/{rid}/reopen", "admin", {"reason": "ตรวจสอบใหม่"}).status_code == 200
    after = api.client.get("/api/v1/results?org=5401")
    assert "X-Api-Cache" not in after and after.json()["count"] == 0


def test_reads_with_a_token_are_never_served_from_the_cache(api):
    approved(api)
    api.client.get("/api/v1/results?org=5401")
    mine = api.get("results?org=5401", "rep5401")
    assert "X-Api-Cache" not in mine and mine.json()["count"] == 1
    assert "X-Api-Cache" not in api.get("results?org=5401", "rep5401")


def test_the_language_is_part_of_the_cached_address(api):
    approved(api)
    thai = api.client.get("/api/v1/results/999999", HTTP_ACCEPT_LANGUAGE="th")
    english = api.client.get("/api/v1/results/999999", HTTP_ACCEPT_LANGUAGE="en")
    assert thai.json()["error"]["message"] != english.json()["error"]["message"]
    api.client.get("/api/v1/results?org=5401", HTTP_ACCEPT_LANGUAGE="th")
    assert "X-Api-Cache" not in api.client.get("/api/v1/results?org=5401", HTTP_ACCEPT_LANGUAGE="en")

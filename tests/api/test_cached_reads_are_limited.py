"""Rate limits for everyone (issue 14 item 7): anonymous reads answered from the cache, and 304s, count against the
address's budget — counted once, before the cache, with the same counter as the throttle — and a token's reads
count against the token's. Over the limit: 429, ``Retry-After``, the API's JSON error body.

Time is fixed inside one window (``govkpi.api.http.time``), so a minute turning over cannot reset a count."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from govkpi.api import http

NOW = 1_700_000_000.0 - 1_700_000_000.0 % 60 + 5  # 5 s into a minute: Retry-After is 55


@pytest.fixture(autouse=True)
def _fresh_cache_and_fixed_time(monkeypatch):
    monkeypatch.setattr(http, "time", SimpleNamespace(time=lambda: NOW))
    cache.clear()
    yield
    cache.clear()


def approved(api):
    rid = api.post("results", "rep5401", {"indicator": "I-MEAN", "org": "5401", "period": "2565-Q1",
                                          "value": 70}).json()["id"]
    api.post(f"results/{rid}/submit", "rep5401")
    api.post(f"results/{rid}/approve", "app5401")
    return rid


def assert_limited(response):
    assert response.status_code == 429
    assert response["Retry-After"] == "55"
    error = response.json()["error"]
    assert error["code"] == "rate_limited" and "55" in error["message"]


def test_25_anonymous_reads_over_10_a_minute_the_11th_and_later_get_429_even_from_the_cache(api, settings):
    approved(api)
    settings.GOVKPI_API_ANON_RATE = "10/min"
    responses = [api.client.get("/api/v1/results?org=5401") for _ in range(25)]
    assert [r.status_code for r in responses] == [200] * 10 + [429] * 15
    assert all(r["X-Api-Cache"] == "hit" for r in responses[1:10])  # answered from the cache, and still counted
    for response in responses[10:]:
        assert_limited(response)
        assert "X-Api-Cache" not in response


def test_a_304_counts_too(api, settings):
    approved(api)
    settings.GOVKPI_API_ANON_RATE = "5/min"
    etag = api.client.get("/api/v1/results?org=5401")["ETag"]
    statuses = [api.client.get("/api/v1/results?org=5401", headers={"If-None-Match": etag}).status_code
                for _ in range(6)]
    assert statuses == [304] * 4 + [429] * 2


def test_one_budget_per_address_counted_once(api, settings):
    """Uncached reads go through the middleware's counter and the throttle: counted once, not twice; cached and
    uncached reads share the budget; another address has its own."""
    settings.GOVKPI_API_ANON_RATE = "10/min"
    uncached = [api.client.get(f"/api/v1/results?page={n}").status_code for n in range(1, 6)]
    cached = [api.client.get("/api/v1/results?page=1").status_code for _ in range(5)]
    assert uncached + cached == [200] * 10
    assert_limited(api.client.get("/api/v1/orgs"))
    assert_limited(api.client.post("/api/v1/results", data={}, content_type="application/json"))  # writes too
    assert api.client.get("/api/v1/results?page=1", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_25_reads_with_a_token_over_10_a_minute_the_11th_and_later_get_429(api, settings):
    approved(api)
    cache.clear()  # the writes above counted against rep5401's token
    settings.GOVKPI_API_RATE = "10/min"
    settings.GOVKPI_API_ANON_RATE = "1000/min"
    statuses = [api.get("results?org=5401", "rep5401").status_code for _ in range(25)]
    assert statuses == [200] * 10 + [429] * 15
    assert_limited(api.get("results?org=5401", "rep5401"))
    etag = api.get("results?org=5401", "app5401")["ETag"]  # another token: its own budget
    revalidated = api.client.get("/api/v1/results?org=5401", headers={
        "Authorization": f"Bearer {api.tokens['rep5401']}", "If-None-Match": etag})
    assert_limited(revalidated)  # a token's 304 is counted as well
    assert api.client.get("/api/v1/results?org=5401").status_code == 200  # the address's budget is separate


def test_the_counter_costs_no_query(api, settings, django_assert_num_queries):
    approved(api)
    settings.GOVKPI_API_ANON_RATE = "1/min"
    api.client.get("/api/v1/results?org=5401")
    with django_assert_num_queries(0):
        assert_limited(api.client.get("/api/v1/results?org=5401"))

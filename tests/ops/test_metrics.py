"""/metrics: 404 unless the operator's token or address; then Prometheus text with request latency, database time,
results by workflow status and the score store's freshness."""

from __future__ import annotations

import pytest
from django.db.models import Count
from prometheus_client.parser import text_string_to_metric_families

from govkpi.audit.actions import record
from govkpi.demo.actions import load_demo
from govkpi.results.models import Result
from govkpi.scorecards.incremental import materialise

pytestmark = pytest.mark.django_db
TOKEN = "scrape-" + "x" * 40


def scrape(client, **headers) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def names(samples) -> set[str]:
    return {name for name, _labels in samples}


def test_off_by_default(client, settings):
    settings.GOVKPI_METRICS_TOKEN = ""
    settings.GOVKPI_METRICS_IPS = []
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_a_wrong_token_or_address_gets_the_same_404(client, settings):
    settings.GOVKPI_METRICS_TOKEN = TOKEN
    settings.GOVKPI_METRICS_IPS = ["10.0.0.0/8"]
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    assert client.get("/metrics", headers={"Authorization": TOKEN}).status_code == 404  # not a bearer header
    assert client.get("/metrics").status_code == 404  # the test client is 127.0.0.1, not in 10/8


def test_an_allowed_address_needs_no_token(client, settings):
    settings.GOVKPI_METRICS_TOKEN = ""
    settings.GOVKPI_METRICS_IPS = ["127.0.0.0/8"]
    assert "govkpi_database_up" in names(scrape(client))


def test_the_token_shows_request_database_and_workflow_figures(client, settings):
    settings.GOVKPI_METRICS_TOKEN = TOKEN
    load_demo()
    client.get("/")  # one page, so the request figures have a sample
    samples = scrape(client, Authorization=f"Bearer {TOKEN}")
    assert {
        "django_http_requests_latency_seconds_by_view_method_count",
        "django_http_responses_total_by_status_total",
        "govkpi_request_database_seconds_count",
        "govkpi_request_database_queries_bucket",
        "govkpi_results",
        "govkpi_score_store_current",
        "govkpi_score_store_behind_seconds",
        "govkpi_data_version_timestamp_seconds",
    } <= names(samples)
    assert samples[("govkpi_database_up", ())] == 1
    by_status = Result.objects.values_list("fiscal_year", "status").annotate(n=Count("id")).order_by()
    assert by_status
    for year, status, count in by_status:
        assert samples[("govkpi_results", (("fiscal_year", str(year)), ("status", status)))] == count


def test_the_score_store_freshness_follows_the_data_version(client, settings):
    settings.GOVKPI_METRICS_TOKEN = TOKEN
    load_demo()
    year = (("fiscal_year", "2565"),)
    samples = scrape(client, Authorization=f"Bearer {TOKEN}")
    assert samples[("govkpi_score_store_current", year)] == 0  # never materialised
    assert samples[("govkpi_score_store_behind_seconds", year)] == float("inf")
    materialise(2565)
    samples = scrape(client, Authorization=f"Bearer {TOKEN}")
    assert samples[("govkpi_score_store_current", year)] == 1
    assert samples[("govkpi_score_store_behind_seconds", year)] == 0
    assert samples[("govkpi_score_store_computed_timestamp_seconds", year)] > 1.7e9
    record(acting_user=None, channel="admin", action="results.result.change", object_type="results.result",
           object_key="1")  # an admin edit that did not refresh the store
    samples = scrape(client, Authorization=f"Bearer {TOKEN}")
    assert samples[("govkpi_score_store_current", year)] == 0
    assert 0 <= samples[("govkpi_score_store_behind_seconds", year)] < 60

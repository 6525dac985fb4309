"""Prometheus metrics at ``/metrics``, for the operator only.

Off by default (the address answers 404). ``GOVKPI_METRICS_TOKEN`` lets a scraper in that sends
``Authorization: Bearer <token>``; ``GOVKPI_METRICS_IPS`` (addresses or networks, comma-separated; the client address
as `accounts.throttle.client_address` tells it, so behind nginx with ``GOVKPI_PROXY_HOPS``) lets addresses in
without a token. Anyone else gets the same 404 as when metrics are off.

What is measured:

* per request (django-prometheus's middleware): counts, latency by view and method
  (``django_http_requests_latency_seconds_by_view_method``), responses by status, exceptions;
* per request (`govkpi.ops.requestlog`): time spent in the database and number of queries
  (``govkpi_request_database_seconds``, ``govkpi_request_database_queries``);
* read from the database at each scrape (a few indexed queries): results by fiscal year and workflow status
  (``govkpi_results``), whether each year's score store is current and how far behind the data version it is
  (``govkpi_score_store_current``, ``govkpi_score_store_behind_seconds``,
  ``govkpi_score_store_computed_timestamp_seconds``),
  the time of the newest audit event (``govkpi_data_version_timestamp_seconds``).

Several gunicorn workers: set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory (cleared at each start) so the
per-request figures of every worker are added up; the database figures are the same whichever worker answers.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator

import prometheus_client
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry

from govkpi.accounts.throttle import client_address

from .health import no_store

REQUEST_DATABASE_SECONDS = prometheus_client.Histogram(
    "govkpi_request_database_seconds",
    "Time one request spent in database queries",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
REQUEST_DATABASE_QUERIES = prometheus_client.Histogram(
    "govkpi_request_database_queries",
    "Database queries run by one request",
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000),
)


class DataCollector(Collector):
    """Figures read from the database when scraped."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from govkpi.audit.version import data_version
        from govkpi.results.models import Result

        from .scores import store_status

        up = GaugeMetricFamily("govkpi_database_up", "1 when the database answered the scrape's queries")
        try:
            results = GaugeMetricFamily(
                "govkpi_results", "Results by fiscal year and workflow status", labels=["fiscal_year", "status"]
            )
            counts = Result.objects.values_list("fiscal_year", "status").annotate(n=Count("id")).order_by()
            for year, status, count in counts:
                results.add_metric([str(year), status], count)
            current = GaugeMetricFamily(
                "govkpi_score_store_current", "1 when the year's score store is current", labels=["fiscal_year"]
            )
            behind = GaugeMetricFamily(
                "govkpi_score_store_behind_seconds",
                "Time of the newest audit event minus that of the newest one the store took into account (0: current)",
                labels=["fiscal_year"],
            )
            computed = GaugeMetricFamily(
                "govkpi_score_store_computed_timestamp_seconds",
                "When the year's score store was last written",
                labels=["fiscal_year"],
            )
            for status in store_status():
                year = str(status.fiscal_year)
                current.add_metric([year], int(status.current))
                behind.add_metric([year], status.behind_seconds)
                if status.computed_at is not None:
                    computed.add_metric([year], status.computed_at.timestamp())
            version = GaugeMetricFamily(
                "govkpi_data_version_timestamp_seconds", "Time of the newest audit event (the data version)"
            )
            newest = data_version()
            if newest is not None:
                version.add_metric([], newest[1].timestamp())
        except DatabaseError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield from (up, results, current, behind, computed, version)


DATA = CollectorRegistry(auto_describe=False)
DATA.register(DataCollector())


def allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "GOVKPI_METRICS_TOKEN", "")
    sent = request.headers.get("Authorization", "")
    if token and sent.startswith("Bearer ") and constant_time_compare(sent[len("Bearer "):].strip(), token):
        return True
    networks = getattr(settings, "GOVKPI_METRICS_IPS", [])
    if not networks:
        return False
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network, strict=False) for network in networks)


def metrics(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        raise Http404
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = prometheus_client.REGISTRY
    body = prometheus_client.generate_latest(registry) + prometheus_client.generate_latest(DATA)
    return no_store(HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST))

"""The baseline of the write benchmark (`bench_results.results_write_ratio`): the same result rows inserted through
the same server stack — the API's token authentication, rate limit, JSON parser and renderer, the same request and
answer shapes — without the workflow (rules, permissions, locks, history, notices) and without the audit chain.

Served only by the benchmark's own gunicorn (`DJANGO_SETTINGS_MODULE=benchmarks.write_settings`), never by govkpi.

    POST /bench/v1/results               {indicator, org, period, value}  → 201, the new draft (one INSERT)
    POST /bench/v1/results/{id}/submit                                     → 200, submitted (one UPDATE)
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path
from ninja import NinjaAPI
from ninja.responses import Status

from govkpi.api.http import TOKEN, FiniteJSONRenderer, JsonObjectParser, TokenRateThrottle, install_error_handlers
from govkpi.api.resources.results import ResultDetail, ResultIn, ResultOut, serialize
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result

api = NinjaAPI(title="write baseline", urls_namespace="bench", auth=TOKEN, throttle=[TokenRateThrottle()],
               parser=JsonObjectParser(), renderer=FiniteJSONRenderer(), docs_url=None, openapi_url=None)  # fmt: skip
install_error_handlers(api)


@api.post("/results", response={201: ResultOut})
def create(request: HttpRequest, payload: ResultIn) -> Any:
    indicator = Indicator.objects.get(code=payload.indicator)
    org = OrgUnit.objects.get(code=payload.org)
    result = Result.objects.create(indicator=indicator, org=org, period=payload.period, value=payload.value,
                                   status=ResultStatus.DRAFT)  # fmt: skip
    return Status(201, serialize(result))


@api.post("/results/{int:pk}/submit", response={200: ResultDetail}, by_alias=True)
def submit(request: HttpRequest, pk: int) -> Any:
    Result.objects.filter(pk=pk).update(status=ResultStatus.SUBMITTED)
    body = serialize(Result.objects.select_related("indicator", "org").get(pk=pk))
    body["history"] = []
    return body


urlpatterns = [path("bench/v1/", api.urls), path("", include("govkpi.urls"))]

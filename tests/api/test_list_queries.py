"""Every list operation (a GET without a path parameter that answers with the page object) takes the same number of
queries for a page of one row as for a page of many, and at most ``BOUND``: no query per row, whatever the data.

The list of lists comes from the OpenAPI description, so a new list is checked the day it is added.
"""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govkpi.accounts.actions import create_token
from govkpi.api.main import api
from govkpi.claims.models import Claim
from govkpi.events.models import Event
from govkpi.orgs.models import PeerGroup
from govkpi.plans.models import ScoringPolicy
from govkpi.strategy.models import Plan

PREFIX = "/api/v1"
BOUND = 8
MANY = 8  # the big page must hold at least this many rows, or the comparison proves nothing
REQUIRED_QUERY = {  # lists whose query parameters are required: values that find rows in the seeded demo
}


SCHEMA = api.get_openapi_schema(path_prefix=PREFIX)


def list_operations() -> list[str]:
    schema = SCHEMA
    found = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None or "{" in path:
            continue
        body = operation["responses"][200]["content"]["application/json"]["schema"]
        if "$ref" in body:
            body = schema["components"]["schemas"][body["$ref"].split("/")[-1]]
        if {"count", "page", "results"} <= set(body.get("properties", {})):
            found.append(path.removeprefix(PREFIX))
    return sorted(found)


LISTS = list_operations()


def public(path: str) -> bool:
    return {} in SCHEMA["paths"][PREFIX + path]["get"].get("security", [])


def test_the_lists_are_found():
    assert {"/results", "/orgs", "/tokens"} <= set(LISTS)


@pytest.fixture
def more_rows(seeded, seeded_api):
    """Top up the tables the demo holds only a few rows of, so that every list has a page of many."""
    for n in range(MANY):
        Event.objects.create(fiscal_year=2565, date=date(2022, 1, 1 + n), title_th=f"กิจกรรม {n}")
        ScoringPolicy.objects.create(fiscal_year=2500 + n)
        Claim.objects.create(fiscal_year=2500 + n, metric="awards.total", value=n)
        PeerGroup.objects.get_or_create(code=f"group-{n}", defaults={"name_th": f"กลุ่ม {n}"})
        Plan.objects.create(code=f"AGENCY-{n}", title_th=f"แผน {n}", level="agency_plan", start_year=2566,
                            end_year=2570, parent=Plan.objects.order_by("pk").first())
        for who in ("admin", "rep5401"):
            create_token(seeded.people[who], acting_user=None, channel="cli", name=f"t{n}")
    return seeded_api


def queries(seeded_api, path, who, page_size):
    query = REQUIRED_QUERY.get(path, "")
    url = f"{path.lstrip('/')}?{query}&page_size={page_size}"
    cache.clear()  # measure the view, not the anonymous-read cache
    with CaptureQueriesContext(connection) as captured:
        response = seeded_api.get(url, who)
    assert response.status_code == 200, response.content[:300]
    return len(captured), len(response.json()["results"]), response.json()["count"]


@pytest.mark.parametrize("who", [None, "rep5401", "admin"])
@pytest.mark.parametrize("path", LISTS)
def test_a_page_of_many_costs_what_a_page_of_one_does(more_rows, path, who):
    if who is None and not public(path):
        pytest.skip("needs a token")
    queries(more_rows, path, who, 1)  # warm up: the token's last-used time, caches
    one, rows_one, count = queries(more_rows, path, who, 1)
    many, rows_many, _count = queries(more_rows, path, who, 200)
    if who == "admin":  # the admin sees every row: each list must have enough for the comparison to mean something
        assert rows_many >= MANY, f"{path}: only {rows_many} rows"
    assert rows_one == min(1, count)
    assert many == one, f"{path} as {who}: {one} queries for 1 row, {many} for {rows_many}"
    assert many <= BOUND, f"{path} as {who}: {many} queries"

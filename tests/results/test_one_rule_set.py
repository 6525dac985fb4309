"""The same result rows are accepted and refused, with the same reasons, whichever way they come in: the API, the
entry page and the workbook loader (issue 13: one rule set)."""

import json
import math

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkpi.accounts.actions import create_token
from govkpi.results.choices import ResultStatus
from govkpi.results.models import ReportingCalendar, Result
from govkpi.workbook.actions import load_workbook
from govkpi.workbook.messages import WorkbookError
from tests.results.builders import PASSWORD, build_world

PERIODS = ["2565", "2565-H1", "2565-H2", "2565-Q2", "2565-Q3", "2565-M01", "2565-M07", "9999-Q1", "2499-Q4",
           "2565-Q5", "abc", "2564-Q1"]
NUMBERS = [None, 0.0, 1.5, 3.0, 50.0, 150.0, 200.0, 300.0, -3.0, -200.0, 1e16, 1e20]
NOTES = ["", "ok", "a\x00b", "x" * 4001]


class Rollback(Exception):
    pass


@pytest.fixture
def setup(db):
    world = build_world()
    ReportingCalendar.objects.create(fiscal_year=2565, jump_factor=1)  # no jump warning: that is entry-only
    # An approved month beside which halves and quarters that contain it overlap.
    Result.objects.create(indicator=world.mean, org=world.orgs["5401"], period="2565-M02", value=10,
                          status=ResultStatus.APPROVED)
    token = create_token(world.people["admin"], acting_user=None, channel="cli", scopes=["write"])
    return world, token


def via_api(client, token, row):
    body = {key: row[key] for key in ("indicator", "org", "period", "value", "numerator", "denominator", "note")}
    response = client.post("/api/v1/results", data=json.dumps(body), content_type="application/json",
                           headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})
    assert response.status_code in (200, 201, 400), response.content
    if response.status_code != 400:
        return True, set()
    fields = response.json()["error"]["fields"] or {}
    return False, {(field, text) for field, texts in fields.items() for text in texts}


def via_workbook(tmp_path, row):
    cells = {key: value for key, value in row.items() if value not in (None, "")}
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"results": [{**cells, "status": "draft"}]}), encoding="utf-8")
    try:
        load_workbook(path, dry_run=True)
    except WorkbookError as error:
        return False, {(problem.column, problem.message()) for problem in error.problems}
    return True, set()


def text(number):
    """A number as a person types it (no exponent)."""
    if number is None:
        return ""
    return f"{number:.0f}" if number.is_integer() else repr(number)


def via_entry_page(client, world, row):
    """(accepted, reasons) — or None when the page cannot even offer the row (no such period, or the
    organisation does not report the indicator), which counts as refused."""
    org, period = row["org"], row["period"]
    indicator = world.mean if row["indicator"] == "I-MEAN" else world.ratio
    page = client.get(f"/results/entry/{org}/{period}/")
    if page.status_code == 404 or f'name="value-{indicator.pk}"' not in page.content.decode():
        return None
    form = {f"{name}-{indicator.pk}": text(row[name]) for name in ("value", "numerator", "denominator")}
    form[f"note-{indicator.pk}"] = row["note"]
    response = client.post(f"/results/entry/{org}/{period}/", form)
    if response.status_code == 302:
        saved = Result.objects.filter(indicator=indicator, org__code=org, period=period).exists()
        return saved, set()
    assert response.status_code == 400
    return False, None  # reasons are in the page; compared below through the API's wording


rows = st.fixed_dictionaries({
    "indicator": st.sampled_from(["I-MEAN", "I-RATIO"]),
    "org": st.sampled_from(["5401", "54"]),  # 54 is not among the indicators' responsible organisations
    "period": st.sampled_from(PERIODS),
    "value": st.sampled_from(NUMBERS),
    "numerator": st.sampled_from(NUMBERS),
    "denominator": st.sampled_from(NUMBERS),
    "note": st.sampled_from(NOTES),
})


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(row=rows)
def test_every_entry_point_accepts_and_refuses_the_same_rows_for_the_same_reasons(setup, tmp_path, row):
    world, token = setup
    client = Client()
    assert client.login(username="admin", password=PASSWORD)
    with translation.override("en"):
        try:
            with transaction.atomic():
                api_ok, api_reasons = via_api(Client(), token, row)
                raise Rollback
        except Rollback:
            pass
        book_ok, book_reasons = via_workbook(tmp_path, row)
        try:
            with transaction.atomic():
                page = via_entry_page(client, world, row)
                raise Rollback
        except Rollback:
            pass
    assert api_ok == book_ok, (row, api_reasons, book_reasons)
    if "\x00" in row["note"]:  # the API refuses text it cannot store before it reads any field: that reason alone
        assert not book_ok and {field for field, _ in api_reasons} == {"note"}, (row, book_reasons)
    else:
        assert api_reasons == book_reasons, row
    if page is not None:
        page_ok, _ = page
        untouched = all(row[name] in (None, "") for name in ("value", "numerator", "denominator", "note"))
        assert page_ok == (api_ok and not untouched), (row, api_reasons)


@pytest.mark.parametrize(("period", "value", "reason"), [
    ("2565-Q1", 5.0, "period 2565-Q1 overlaps period 2565-M02 already in the database"),
    ("9999-Q1", 5.0, "9999-Q1 is outside the fiscal years results may have (2500 to 2700)"),
    ("2565-Q2", 1e20, "1e+20 is too large"),
])
def test_the_entry_page_gives_the_same_words(setup, client, period, value, reason):
    world, token = setup
    client.login(username="admin", password=PASSWORD)
    row = {"indicator": "I-MEAN", "org": "5401", "period": period, "value": value, "numerator": None,
           "denominator": None, "note": ""}
    with translation.override("en"):
        ok, reasons = via_api(Client(), token, row)
        assert not ok and any(reason in text for _, text in reasons)
        if period.startswith("9999"):
            assert client.get(f"/results/entry/5401/{period}/").status_code == 404  # no page for such a period
            return
        page = client.post(f"/results/entry/5401/{period}/", {f"value-{world.mean.pk}": text(value)},
                           headers={"Accept-Language": "en"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert reason in page.content.decode().replace("&#x27;", "'")
    assert not math.isnan(value)

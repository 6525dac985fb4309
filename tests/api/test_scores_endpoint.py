"""`/api/v1/scores`: exactly the object `govkpi score` prints (scoring.md §7), public, read from the score store
when it is current."""

import io
import json

import pytest
from django.core.management import call_command

from govkpi.scorecards.incremental import materialise
from tests.scorecards.builders import make_result


@pytest.fixture
def results(world):
    for org, values in (("5401", (60, 70)), ("540101", (80, 90)), ("5402", (95, 85))):
        for quarter, value in enumerate(values, start=1):
            make_result(world.mean, world.orgs[org], f"2565-Q{quarter}", value)
        make_result(world.ratio, world.orgs[org], "2565-Q1", numerator=3, denominator=4)
    make_result(world.mean, world.orgs["5402"], "2565-Q3", 10, status="submitted")  # not scored
    return world


def printed(*args):
    out = io.StringIO()
    call_command("score", "--fiscal-year", "2565", *args, stdout=out)
    return json.loads(out.getvalue())

def same(body, printed_body):
    """Equal as text: the same keys in the same order, and 72 is not 72.0."""
    return json.dumps(body, ensure_ascii=False) == json.dumps(printed_body, ensure_ascii=False)


def test_the_province_scorecard_is_what_govkpi_score_prints(api, results):
    response = api.get("scores?fiscal_year=2565")
    assert response.status_code == 200
    assert same(response.json(), printed())
    assert response.json()["org"] == "54" and response.json()["overall"]["score"] is not None


def test_another_organisation_and_thai_digits(api, results):
    assert same(api.get("scores?fiscal_year=๒๕๖๕&org=5401").json(), printed("--org", "5401"))


def test_a_token_sees_the_same_scorecard(api, results):
    assert same(api.get("scores?fiscal_year=2565&org=5402", "rep5401").json(), printed("--org", "5402"))


def test_the_year_defaults_to_the_newest_with_criteria(api, results):
    assert same(api.get("scores").json(), printed())


def test_the_stored_values_give_the_same_object_in_a_few_queries(api, results, django_assert_max_num_queries):
    materialise(2565)
    # the anonymous-read cache's data version, the root, the policy and the store's state, the newest audit event
    # (whether the process's criteria are current), the criteria (only the first time), the organisation's values
    with django_assert_max_num_queries(6):
        response = api.get("scores?fiscal_year=2565")
    assert same(response.json(), printed())
    # with a token (never from the read cache): the token and its last use, then as above without the data version
    # and without the criteria, already read
    with django_assert_max_num_queries(6):
        again = api.get("scores?fiscal_year=2565", "viewer")
    assert same(again.json(), printed())


def test_unknown_organisation_is_404(api, results):
    response = api.get("scores?fiscal_year=2565&org=9999")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_a_year_without_criteria_is_404(api, results):
    assert api.get("scores?fiscal_year=2570").status_code == 404


@pytest.mark.parametrize("year", ["2022", "abc", "25650"])
def test_a_bad_year_is_400_on_the_field(api, results, year):
    response = api.get(f"scores?fiscal_year={year}")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["fiscal_year"]


def test_a_christian_era_year_is_explained_in_thai_by_default(api, results):
    message = api.get("scores?fiscal_year=2022").json()["error"]["fields"]["fiscal_year"][0]
    assert "2565" in message and "ปี" in message


def test_a_bad_token_is_401_even_on_a_public_read(api, results):
    assert api.get("scores?fiscal_year=2565", token="gk_not-a-token").status_code == 401

"""`/api/v1/claims` (with the `govkpi claims check` object) and `/api/v1/events`: public reads."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from govkpi.awards.models import Award
from govkpi.claims.models import Claim
from govkpi.events.models import Event


@pytest.fixture
def claims(world):
    Award.objects.create(fiscal_year=2565, category="ita", title_th="ITA", issuer="x", recipient=world.orgs["54"],
                         quantity=6)
    Award.objects.create(fiscal_year=2565, category="gecc", title_th="GECC", issuer="x", recipient=world.orgs["5401"],
                         quantity=66)
    add = Claim.objects.create
    return {
        "total": add(fiscal_year=2565, metric="awards.total", value=71, source="ข่าว ๒๐ ก.ย. ๒๕๖๕"),
        "ita": add(fiscal_year=2565, metric="awards.ita", value=6, source="ข่าว"),
        "odd": add(fiscal_year=2565, metric="awards.trophies", value=3),
        "old": add(fiscal_year=2564, metric="awards.total", value=50),
    }


def check_printed(year="2565"):
    out = io.StringIO()
    try:
        call_command("claims", "check", "--fiscal-year", year, stdout=out)
    except SystemExit:  # 1 when a claim disagrees
        pass
    return json.loads(out.getvalue())

def same(body, printed_body):
    """Equal as text: the same keys in the same order, and 72 is not 72.0."""
    return json.dumps(body, ensure_ascii=False) == json.dumps(printed_body, ensure_ascii=False)


def test_the_claims_list_is_public_filtered_and_ordered(api, claims):
    body = api.get("claims").json()
    assert [(row["fiscal_year"], row["metric"]) for row in body["results"]] == [
        (2564, "awards.total"), (2565, "awards.ita"), (2565, "awards.total"), (2565, "awards.trophies")]
    assert [row["metric"] for row in api.get("claims?fiscal_year=2565&ordering=-metric").json()["results"]] == [
        "awards.trophies", "awards.total", "awards.ita"]
    assert api.get("claims?fiscal_year=2564").json()["count"] == 1
    assert api.get("claims?page_size=1&page=4").json()["results"][0]["metric"] == "awards.trophies"
    assert api.get("claims?ordering=value").status_code == 400


def test_the_check_is_what_govkpi_claims_check_prints(api, claims):
    response = api.get("claims/check?fiscal_year=2565")
    assert response.status_code == 200
    assert same(response.json(), check_printed())
    statuses = {row["metric"]: (row["claimed"], row["computed"], row["status"]) for row in response.json()["claims"]}
    assert statuses == {"awards.ita": (6, 6, "ok"), "awards.total": (71, 72, "mismatch"),
                        "awards.trophies": (3, None, "unknown_metric")}
    assert same(api.get("claims/check?fiscal_year=๒๕๖๔", "rep5401").json(), check_printed("2564"))


def test_the_check_needs_a_good_year(api, claims):
    assert api.get("claims/check").status_code == 400
    assert api.get("claims/check?fiscal_year=2022").json()["error"]["fields"].keys() == {"fiscal_year"}


def test_lists_take_a_bounded_number_of_queries(api, world, django_assert_max_num_queries):
    for n in range(30):
        Claim.objects.create(fiscal_year=2565, metric=f"awards.x{n}", value=n)
        Event.objects.create(fiscal_year=2565, title_th=f"ประชุม {n}", date=date(2022, 1, 1 + n % 28))
    for path in ("claims?page_size=200", "events?page_size=200"):
        with django_assert_max_num_queries(3):  # data version, count, page
            assert api.get(path).json()["count"] == 30


@pytest.fixture
def events(world):
    add = Event.objects.create
    return {
        "press": add(fiscal_year=2565, title_th="แถลงข่าวผลงาน", date=date(2022, 9, 20), time="10:00",
                     place="ศาลากลางจังหวัดแพร่", presiding="ผู้ว่าราชการจังหวัดแพร่", note="ภายใน"),
        "review": add(fiscal_year=2565, title_th="ประชุมทบทวน", date=date(2022, 3, 1)),
        "next": add(fiscal_year=2566, title_th="แถลงข่าว 2566", date=date(2023, 9, 18), time="09:30"),
    }


def titles(body):
    return [row["title_th"] for row in body["results"]]


def test_the_events_list_is_public_filtered_and_ordered(api, events):
    assert titles(api.get("events").json()) == ["ประชุมทบทวน", "แถลงข่าวผลงาน", "แถลงข่าว 2566"]
    assert titles(api.get("events?ordering=-date").json()) == ["แถลงข่าว 2566", "แถลงข่าวผลงาน", "ประชุมทบทวน"]
    assert titles(api.get("events?fiscal_year=2566").json()) == ["แถลงข่าว 2566"]
    assert titles(api.get("events?page_size=2&page=2").json()) == ["แถลงข่าว 2566"]
    assert api.get("events?ordering=place").status_code == 400


def test_one_event_and_its_note_for_administrators(api, events):
    body = api.get(f"events/{events['press'].pk}").json()
    assert (body["date"], body["time"], body["presiding"], body["note"]) == (
        "2022-09-20", "10:00", "ผู้ว่าราชการจังหวัดแพร่", None)
    assert api.get(f"events/{events['press'].pk}", "viewer").json()["note"] is None
    assert api.get(f"events/{events['press'].pk}", "admin").json()["note"] == "ภายใน"
    assert api.get("events/999999").status_code == 404


def test_there_are_no_writes_for_claims_and_events(api, events):
    assert api.post("events", "admin", {"title_th": "x"}).status_code == 405
    assert api.post("claims", "admin", {"metric": "x"}).status_code == 405

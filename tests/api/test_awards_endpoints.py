"""`/api/v1/awards`: the registry read by anyone, as on the awards page; written by province administrators only,
with the registry form's rules, through the same audited action."""

from datetime import date

import pytest

from govkpi.assessments.models import Assessment
from govkpi.audit.models import AuditEvent
from govkpi.awards.models import Award


@pytest.fixture
def awards(world):
    orgs = world.orgs
    add = Award.objects.create
    return {
        "ita": add(fiscal_year=2565, category="ita", title_th="ITA AA", issuer="สำนักงาน ป.ป.ช.", recipient=orgs["54"],
                   quantity=6, date=date(2022, 9, 1), note="ภายใน"),
        "gecc": add(fiscal_year=2565, category="gecc", title_th="GECC", issuer="สำนักนายกรัฐมนตรี",
                    recipient=orgs["5401"], quantity=13, date=date(2022, 9, 20)),
        "sub": add(fiscal_year=2565, category="gecc", title_th="GECC", issuer="สำนักนายกรัฐมนตรี",
                   recipient=orgs["540101"], date=None),
        "moral": add(fiscal_year=2566, category="moral", title_th="ชุมชนคุณธรรม", issuer="กระทรวงวัฒนธรรม",
                     recipient=orgs["5402"], quantity=51, date=date(2023, 1, 5)),
    }


def ids(body, awards):
    names = {award.pk: name for name, award in awards.items()}
    return [names[row["id"]] for row in body["results"]]


def test_the_list_is_public_and_filters(api, awards):
    assert ids(api.get("awards").json(), awards) == ["gecc", "sub", "ita", "moral"]
    assert ids(api.get("awards?fiscal_year=2566").json(), awards) == ["moral"]
    assert ids(api.get("awards?category=gecc").json(), awards) == ["gecc", "sub"]
    assert ids(api.get("awards?recipient=540101").json(), awards) == ["sub"]
    assert ids(api.get("awards?under=5401").json(), awards) == ["gecc", "sub"]
    assert api.get("awards?under=9999").json()["count"] == 0
    assert api.get("awards?category=trophy").status_code == 400


def test_ordering(api, awards):
    assert ids(api.get("awards?ordering=date").json(), awards) == ["ita", "gecc", "moral", "sub"]
    assert ids(api.get("awards?ordering=-date").json(), awards) == ["moral", "gecc", "ita", "sub"]
    assert ids(api.get("awards?ordering=-fiscal_year").json(), awards)[0] == "moral"
    assert ids(api.get("awards?ordering=category&fiscal_year=2565").json(), awards) == ["gecc", "sub", "ita"]
    assert api.get("awards?ordering=quantity").status_code == 400


def test_pages(api, awards):
    body = api.get("awards?page_size=3&page=2").json()
    assert (body["count"], body["pages"], ids(body, awards), body["next"]) == (4, 2, ["moral"], None)


def test_one_award_with_its_expiry_and_notes_for_administrators(api, awards):
    body = api.get(f"awards/{awards['gecc'].pk}").json()
    assert (body["recipient"], body["quantity"], body["date"]) == ("5401", 13, "2022-09-20")
    assert body["expires"] == "2025-09-20"  # GECC certificates hold for three years
    assert body["note"] is None and api.get(f"awards/{awards['ita'].pk}", "rep5401").json()["note"] is None
    assert api.get(f"awards/{awards['ita'].pk}", "admin").json()["note"] == "ภายใน"
    assert api.get("awards/999999").status_code == 404


def test_the_list_takes_a_bounded_number_of_queries(api, world, awards, django_assert_max_num_queries):
    for n in range(40):
        Award.objects.create(fiscal_year=2567, category="other", title_th=f"รางวัล {n}", issuer="x",
                             recipient=world.orgs["5402"])
    with django_assert_max_num_queries(4):  # data version, subtree, count, page
        assert api.get("awards?page_size=200&under=54").json()["count"] == 44
    with django_assert_max_num_queries(6):  # + token, memberships
        assert api.get("awards?page_size=200", "admin").json()["count"] == 44


NEW = {"fiscal_year": 2566, "category": "ita", "title_th": "ITA ผ่าน", "issuer": "สำนักงาน ป.ป.ช.",
       "recipient": "5402", "date": "2023-03-01", "quantity": 2, "note": "บันทึก"}


def test_a_province_administrator_records_and_changes_an_award(api, awards):
    created = api.post("awards", "admin", NEW)
    assert created.status_code == 201
    body = created.json()
    assert (body["recipient"], body["quantity"], body["date"], body["note"]) == ("5402", 2, "2023-03-01", "บันทึก")
    changed = api.call("PUT", f"awards/{body['id']}", "admin", NEW | {"quantity": 3, "level": "AA"})
    assert changed.status_code == 200 and (changed.json()["quantity"], changed.json()["level"]) == (3, "AA")
    events = AuditEvent.objects.filter(object_type="awards.award")
    assert list(events.order_by("id").values_list("action", "channel")) == [
        ("awards.award.add", "api"), ("awards.award.change", "api")]


def test_linking_the_assessment_that_earned_it(api, world, awards):
    assessment = Assessment.objects.create(framework="ita", fiscal_year=2566, org=world.orgs["5402"], score=91)
    body = api.post("awards", "admin", NEW | {"link_assessment": True}).json()
    assert body["assessment"] == assessment.pk
    missing = api.post("awards", "admin", NEW | {"recipient": "5401", "link_assessment": True})
    assert missing.status_code == 400


@pytest.mark.parametrize("who", ["rep5401", "app5401", "viewer"])
def test_only_province_administrators_write(api, awards, who):
    assert api.post("awards", who, NEW).status_code == 403
    assert api.call("PUT", f"awards/{awards['ita'].pk}", who, NEW).status_code == 403
    assert Award.objects.count() == 4


def test_anonymous_writes_are_401(api, awards):
    assert api.post("awards", body=NEW).status_code == 401


def test_the_registry_form_rules_are_400_on_their_fields(api, awards):
    response = api.post("awards", "admin", NEW | {"fiscal_year": 2022, "quantity": 0, "recipient": "9999"})
    assert response.status_code == 400
    assert {"fiscal_year", "quantity", "recipient"} <= set(response.json()["error"]["fields"])
    assert api.post("awards", "admin", NEW | {"title_th": ""}).json()["error"]["fields"].keys() == {"title_th"}
    clash = api.post("awards", "admin", NEW | {"fiscal_year": 2565, "category": "gecc", "title_th": "GECC",
                                               "recipient": "5401"})
    assert clash.status_code == 400 and Award.objects.count() == 4
    assert api.call("PUT", "awards/999999", "admin", NEW).status_code == 404

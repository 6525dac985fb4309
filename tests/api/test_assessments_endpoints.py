"""`/api/v1/assessments`: public results and the `govkpi assess` object; writes by province administrators only;
readiness checklists with the roles of the checklist pages (reporter checks, approver above confirms)."""

import io
import json

import pytest
from django.core.management import call_command

from govkpi.assessments.models import Assessment, ChecklistEntry
from govkpi.audit.models import AuditEvent
from govkpi.orgs.models import PeerGroup


@pytest.fixture
def ita(world):
    orgs = world.orgs
    group = PeerGroup.objects.create(code="district")
    for code in ("5401", "5402"):
        orgs[code].groups.add(group)
    add = Assessment.objects.create
    made = {
        "54": add(framework="ita", fiscal_year=2565, org=orgs["54"], score=99.15, level="AA",
                  components={"IIT": 29.85, "EIT": 29.3, "OIT": 40}, rank=2, note="ภายใน"),
        "5401": add(framework="ita", fiscal_year=2565, org=orgs["5401"], score=80.0, rank=1, rank_group="district"),
        "540101": add(framework="ita", fiscal_year=2565, org=orgs["540101"], score=90.0),
        "5402": add(framework="ita", fiscal_year=2565, org=orgs["5402"], score=None),
        "gecc": add(framework="gecc", fiscal_year=2566, org=orgs["5401"], score=4.0),
    }
    return made


def codes(body):
    return [row["org"] for row in body["results"]]


def test_the_list_is_public_and_filters(api, ita):
    body = api.get("assessments?framework=ita&fiscal_year=2565&ordering=org").json()
    assert codes(body) == ["54", "5401", "540101", "5402"]
    assert codes(api.get("assessments?org=5401").json()) == ["5401", "5401"]
    assert codes(api.get("assessments?fiscal_year=2566").json()) == ["5401"]
    assert sorted(codes(api.get("assessments?framework=ita&under=5401").json())) == ["5401", "540101"]
    assert api.get("assessments?under=9999").json()["count"] == 0


def test_ordering_by_score_puts_missing_scores_last_both_ways(api, ita):
    up = codes(api.get("assessments?framework=ita&ordering=score").json())
    down = codes(api.get("assessments?framework=ita&ordering=-score").json())
    assert up == ["5401", "540101", "54", "5402"]
    assert down == ["54", "540101", "5401", "5402"]
    assert codes(api.get("assessments?framework=ita&ordering=rank").json())[:2] == ["5401", "54"]
    assert api.get("assessments?ordering=note").status_code == 400


def test_pages(api, ita):
    first = api.get("assessments?page_size=2&ordering=org").json()
    assert (first["count"], first["pages"], len(first["results"])) == (5, 3, 2)
    assert first["next"].endswith("page=2") or "page=2" in first["next"]
    assert api.get("assessments?page_size=201").status_code == 400


def test_notes_are_for_province_administrators(api, ita):
    pk = ita["54"].pk
    assert api.get(f"assessments/{pk}").json()["note"] is None
    assert api.get(f"assessments/{pk}", "viewer").json()["note"] is None
    assert api.get(f"assessments/{pk}", "admin").json()["note"] == "ภายใน"


def test_one_result_with_what_the_framework_computes(api, ita):
    body = api.get(f"assessments/{ita['54'].pk}").json()
    assert body["org"] == "54" and body["components"] == {"IIT": 29.85, "EIT": 29.3, "OIT": 40}
    assert body["computed"]["org"] == "54" and body["computed"]["level"] == "AA"
    assert api.get("assessments/999999").status_code == 404


def test_the_list_takes_a_bounded_number_of_queries(api, world, ita, django_assert_max_num_queries):
    for n in range(40):
        Assessment.objects.create(framework="pmqa", fiscal_year=2500 + n, org=world.orgs["5402"], score=n)
    with django_assert_max_num_queries(4):  # data version, subtree, count, page
        body = api.get("assessments?page_size=200&under=54").json()
    assert body["count"] == 45
    with django_assert_max_num_queries(6):  # + token, memberships
        assert api.get("assessments?page_size=200", "admin").json()["count"] == 45


def assess_printed(*args):
    out = io.StringIO()
    call_command("assess", "--framework", "ita", "--fiscal-year", "2565", *args, stdout=out)
    return json.loads(out.getvalue())

def same(body, printed_body):
    """Equal as text: the same keys in the same order, and 72 is not 72.0."""
    return json.dumps(body, ensure_ascii=False) == json.dumps(printed_body, ensure_ascii=False)


def test_the_summary_is_what_govkpi_assess_prints(api, ita):
    response = api.get("assessments/summary?framework=ita&fiscal_year=2565")
    assert response.status_code == 200
    assert same(response.json(), assess_printed())
    assert response.json()["summary"]["count"] == 4
    grouped = api.get("assessments/summary?framework=ita&fiscal_year=๒๕๖๕&group=district").json()
    assert same(grouped, assess_printed("--group", "district"))


def test_summary_errors(api, ita):
    assert api.get("assessments/summary?framework=nope&fiscal_year=2565").status_code == 404
    assert api.get("assessments/summary?framework=ita&fiscal_year=2022").json()["error"]["fields"].keys() == {
        "fiscal_year"}
    bad_group = api.get("assessments/summary?framework=ita&fiscal_year=2565&group=nope")
    assert bad_group.status_code == 400 and "group" in bad_group.json()["error"]["fields"]
    assert api.get("assessments/summary?framework=ita").status_code == 400


# --- writes -------------------------------------------------------------------------------------------------------

NEW = {"framework": "ita", "fiscal_year": 2566, "org": "5402", "score": 91.5, "level": "A", "note": "จากประกาศ"}


def test_a_province_administrator_records_and_replaces_a_result(api, ita):
    created = api.post("assessments", "admin", NEW)
    assert created.status_code == 201
    body = created.json()
    assert (body["org"], body["score"], body["level"], body["note"]) == ("5402", 91.5, "A", "จากประกาศ")
    again = api.post("assessments", "admin", NEW | {"score": 92})
    assert again.status_code == 200 and again.json()["id"] == body["id"] and again.json()["score"] == 92
    put = api.call("PUT", f"assessments/{body['id']}", "admin", {"score": 93, "rank": 4})
    assert put.status_code == 200 and (put.json()["score"], put.json()["rank"], put.json()["level"]) == (93, 4, "")
    events = AuditEvent.objects.filter(action="assessments.assessment.record")
    assert events.count() == 3 and set(events.values_list("channel", flat=True)) == {"api"}


@pytest.mark.parametrize("who", ["rep5402", "app5401", "viewer"])
def test_other_roles_may_not_record(api, ita, who):
    assert api.post("assessments", who, NEW).status_code == 403
    assert api.call("PUT", f"assessments/{ita['5402'].pk}", who, {"score": 1}).status_code == 403
    assert not Assessment.objects.filter(fiscal_year=2566, framework="ita").exists()
    assert api.post("assessments", body=NEW).status_code == 401


def test_the_workbook_rules_are_400_on_their_fields(api, ita):
    response = api.post("assessments", "admin", NEW | {"score": 150, "level": "Z", "components": {"XYZ": 1}})
    assert response.status_code == 400
    assert {"score", "level", "components"} <= set(response.json()["error"]["fields"])
    assert api.post("assessments", "admin", NEW | {"org": "9999"}).json()["error"]["fields"].keys() == {"org"}
    assert "framework" in api.post("assessments", "admin", NEW | {"framework": "nope"}).json()["error"]["fields"]
    assert api.call("PUT", "assessments/999999", "admin", {"score": 1}).status_code == 404


# --- readiness checklists -----------------------------------------------------------------------------------------

ITEM = {"framework": "ita", "fiscal_year": 2565, "org": "5401", "item": "O1"}


def checked(api, who="rep5401", **extra):
    return api.post("assessments/checklist", who, ITEM | {"evidence_url": "https://example.go.th/o1",
                                                           "self_checked": True} | extra)


def test_the_reporter_checks_an_item_and_the_approver_above_confirms(api, world):
    response = checked(api)
    assert response.status_code == 200
    assert (response.json()["code"], response.json()["self_checked"], response.json()["confirmed"]) == (
        "O1", True, False)
    confirmed = api.post("assessments/checklist/confirm", "app5401", ITEM)
    assert confirmed.status_code == 200
    assert confirmed.json()["confirmed"] and confirmed.json()["confirmed_by"] == "app5401"
    page = api.get("assessments/checklist?framework=ita&fiscal_year=2565&org=5401", "rep5401").json()
    assert (page["can_enter"], page["can_approve"], page["checked"], page["confirmed"]) == (True, False, 1, 1)
    assert page["items"][0]["code"] == "O1" and page["total"] == len(page["items"]) > 1
    withdrawn = api.post("assessments/checklist/confirm", "app5401", ITEM | {"confirmed": False})
    assert not withdrawn.json()["confirmed"]
    channels = set(AuditEvent.objects.filter(action__startswith="assessments.checklist").values_list("channel",
                                                                                                       flat=True))
    assert channels == {"api"}


def test_new_evidence_withdraws_the_confirmation(api, world):
    checked(api)
    api.post("assessments/checklist/confirm", "app5401", ITEM)
    assert not checked(api, evidence_url="https://example.go.th/o1-new").json()["confirmed"]


def test_roles_on_the_checklist(api, world):
    assert checked(api, "app5401").status_code == 403  # an approver does not enter
    assert checked(api, "viewer").status_code == 403
    assert checked(api, "rep5402").status_code == 404  # 5401 is not visible to 5402
    assert checked(api, "rep540101").status_code == 404  # a reporter sees only their own organisation
    checked(api)
    assert api.post("assessments/checklist/confirm", "rep5401", ITEM).status_code == 403
    assert api.post("assessments/checklist/confirm", "rep5402", ITEM).status_code == 404
    assert api.get("assessments/checklist?framework=ita&fiscal_year=2565&org=5401", "rep5402").status_code == 404
    assert api.get("assessments/checklist?framework=ita&fiscal_year=2565&org=5401").status_code == 401
    assert ChecklistEntry.objects.get().confirmed is False


def test_checklist_errors(api, world):
    assert checked(api, self_checked=True, evidence_url="").status_code == 400  # no evidence
    unknown = checked(api, item="O99")
    assert unknown.status_code == 400 and "item" in unknown.json()["error"]["fields"]
    assert checked(api, evidence_url="not a link").json()["error"]["fields"].keys() == {"evidence_url"}
    assert checked(api, framework="moral").status_code == 404  # no checklist
    assert checked(api, framework="nope").status_code == 404
    assert api.post("assessments/checklist/confirm", "app5401", ITEM).status_code == 404  # nothing to confirm
    assert api.post("assessments/checklist", "rep5401", ITEM | {"self_checked": False}).status_code == 200
    assert api.post("assessments/checklist/confirm", "app5401", ITEM).status_code == 400  # not checked yet


def test_readiness_shows_the_visible_organisations(api, world):
    checked(api)
    rows = {row["org"]: row for row in api.get("assessments/readiness?framework=ita&fiscal_year=2565",
                                               "app5401").json()}
    assert set(rows) == {"5401"} and rows["5401"]["checked"] == 1 and rows["5401"]["state"] == "in_progress"
    assert api.get("assessments/readiness?framework=ita&fiscal_year=2565", "rep5402").json() == []
    assert api.get("assessments/readiness?framework=ita&fiscal_year=2565").status_code == 401


def test_checklist_and_readiness_take_a_bounded_number_of_queries(api, world, django_assert_max_num_queries):
    from govkpi.assessments.services import get_framework

    for item in get_framework("ita", 2565).checklist[:20]:
        checked(api, item=item.code)
        api.post("assessments/checklist/confirm", "app5401", ITEM | {"item": item.code})
    with django_assert_max_num_queries(6):  # data version, token, memberships, organisation, entries, usernames
        page = api.get("assessments/checklist?framework=ita&fiscal_year=2565&org=5401", "app5401").json()
    assert page["confirmed"] == 20
    with django_assert_max_num_queries(5):  # data version, token, memberships, counts, organisations
        rows = api.get("assessments/readiness?framework=ita&fiscal_year=2565", "admin").json()
    assert [row["confirmed"] for row in rows if row["org"] == "5401"] == [20]


def test_errors_speak_the_language_asked_for(api, world):
    path = "/api/v1/assessments/summary?framework=nope&fiscal_year=2565"
    english = api.client.get(path, headers={"Accept-Language": "en"}).json()["error"]["message"]
    thai = api.client.get(path).json()["error"]["message"]
    assert "configuration" in english and any("\u0e00" <= char <= "\u0e7f" for char in thai)


def test_numbers_out_of_any_range_are_400_not_500(api, ita):
    for bad in ({"rank": 10**12}, {"components": {"IIT": float("nan")}}, {"score": float("inf")}):
        response = api.call("PUT", f"assessments/{ita['5401'].pk}", "admin", bad)
        assert response.status_code == 400, bad

"""`POST /api/v1/workbook`: a whole workbook as JSON, all or nothing, province administrators only."""

import json

from govkpi.audit.models import AuditEvent
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Criterion, Goal, Indicator
from govkpi.results.models import Result

WORKBOOK = {
    "org_units": [
        {"code": "5403", "name_th": "อำเภอสูงเม่น", "kind": "district", "parent": "54", "groups": ["district"]},
        {"code": "540301", "name_th": "ตำบลสูงเม่น", "kind": "subdistrict", "parent": "5403"},
    ],
    "goals": [{"code": "G02", "title_th": "สังคมดี", "sdg": ["3.6"], "owner": "54"}],
    "indicators": [
        {"code": "G02-01", "goal": "G02", "name_th": "อัตราการเสียชีวิตบนถนน", "unit": "ราย", "direction":
         "lower_is_better", "aggregation": "sum", "period_type": "year", "responsible": ["5403"], "sdg": "3.6.1",
         "x_source": "สสจ."},
    ],
    "criteria": [{"fiscal_year": 2565, "indicator": "G02-01", "weight": 2, "level1": 20, "level2": 15, "level3": 10,
                  "level4": 5, "level5": 0}],
    "results": [{"indicator": "G02-01", "org": "5403", "period": "2565", "value": 8}],
}

BROKEN = {
    "org_units": [{"code": "5404", "name_th": "อำเภอลอง", "kind": "amphoe", "parent": "99"}],
    "goals": [{"code": "G03", "title_th": "ดี"}, {"code": "G04"}],
}


def send(api, body, who="admin", query="", language=None):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    headers = {"Authorization": f"Bearer {api.tokens[who]}"} if who else {}
    if language:
        headers["Accept-Language"] = language
    return api.client.post(f"/api/v1/workbook{query}", data=data, content_type="application/json", headers=headers)


def test_a_province_admin_loads_a_workbook(api, world):
    response = send(api, WORKBOOK)
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["dry_run"] is False and report["changed"] is True and len(report["sha256"]) == 64
    assert report["tables"]["org_units"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert report["tables"]["results"]["created"] == 1
    sub = OrgUnit.objects.get(code="540301")
    assert sub.depth == 2 and sub.path.startswith(world.orgs["54"].path)  # tree paths rebuilt
    indicator = Indicator.objects.get(code="G02-01")
    assert indicator.sdg == ["3.6.1"] and indicator.extra == {"x_source": "สสจ."}
    assert [org.code for org in indicator.responsible.all()] == ["5403"]
    assert Result.objects.get(indicator=indicator).status == "approved"
    event = AuditEvent.objects.get(action="workbook.load")
    assert event.channel == "api" and event.actor == world.people["admin"]
    assert event.changes["sha256"] == report["sha256"]


def test_loading_the_same_workbook_again_changes_nothing(api):
    send(api, WORKBOOK)
    report = send(api, WORKBOOK).json()
    assert report["changed"] is False
    assert report["tables"]["org_units"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert AuditEvent.objects.filter(action="workbook.load").count() == 1


def test_a_dry_run_reports_and_writes_nothing(api):
    events = AuditEvent.objects.count()
    response = send(api, WORKBOOK, query="?dry_run=true")
    assert response.status_code == 200
    report = response.json()
    assert report["dry_run"] is True and report["changed"] is True
    assert report["tables"]["goals"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert not OrgUnit.objects.filter(code="5403").exists() and not Goal.objects.filter(code="G02").exists()
    assert AuditEvent.objects.count() == events


def test_a_mistyped_dry_run_loads_nothing(api):
    response = send(api, WORKBOOK, query="?dry-run=true")
    assert response.status_code == 400 and "dry-run" in response.json()["error"]["fields"]
    assert send(api, WORKBOOK, query="?dry_run=maybe").status_code == 400
    assert not OrgUnit.objects.filter(code="5403").exists()


def test_an_invalid_workbook_writes_nothing_and_locates_every_problem_in_thai(api):
    before = (OrgUnit.objects.count(), Goal.objects.count(), AuditEvent.objects.count())
    response = send(api, BROKEN | {"criteria": WORKBOOK["criteria"]})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_workbook" and "api.json" in error["message"]
    assert "ไม่ได้นำเข้าข้อมูลใดเลย" in error["message"]
    where = {(p["table"], p["row"], p["column"]): p for p in error["problems"]}
    kind = where[("org_units", 1, "kind")]
    assert kind["code"] == "bad_choice"
    assert kind["message"].startswith("ตาราง org_units แถว 1 คอลัมน์ kind: “amphoe” ใช้ไม่ได้")
    assert where[("org_units", 1, "parent")]["code"] == "unknown_parent"
    assert where[("goals", 2, "title_th")]["message"] == "ตาราง goals แถว 2 คอลัมน์ title_th: ต้องระบุค่า"
    assert where[("criteria", 1, "indicator")]["code"] == "unknown_indicator"
    assert (OrgUnit.objects.count(), Goal.objects.count(), AuditEvent.objects.count()) == before


def test_problems_speak_english_on_request(api):
    response = send(api, BROKEN, language="en")
    error = response.json()["error"]
    assert error["message"] == "3 error(s) in api.json; nothing was loaded."
    messages = [p["message"] for p in error["problems"]]
    assert "table goals, row 2, column title_th: a value is required" in messages
    assert any(m.startswith("table org_units, row 1, column kind: “amphoe” is not allowed") for m in messages)


def test_the_same_messages_as_govkpi_load(api, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "api.json"
    path.write_text(json.dumps(BROKEN), encoding="utf-8")
    lines = []

    class Err:
        def write(self, text):
            lines.append(text.rstrip("\n"))

        def flush(self):
            pass

    try:
        call_command("load", str(path), lang="th", stderr=Err())
    except CommandError:
        pass
    problems = send(api, BROKEN).json()["error"]["problems"]
    assert [p["message"] for p in problems] == [line for line in lines if line]


def test_shape_problems_of_the_document(api):
    problems = send(api, {"org_unit": [], "goals": {"code": "G9"}}).json()["error"]["problems"]
    assert [(p["table"], p["code"]) for p in problems] == [("org_unit", "unknown_table_hint"), ("goals", "not_list")]
    response = send(api, b"{not json", language="en")
    assert response.status_code == 400
    problem = response.json()["error"]["problems"][0]
    assert problem["table"] is None and problem["code"] == "bad_json"
    assert problem["message"].startswith("file api.json: not valid JSON")
    assert send(api, [1, 2]).json()["error"]["problems"][0]["code"] == "not_object"


def test_only_province_admins_load(api):
    for who in ("rep5401", "app5401", "viewer"):
        response = send(api, WORKBOOK, who=who)
        assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    assert send(api, WORKBOOK, who=None).status_code == 401
    assert not OrgUnit.objects.filter(code="5403").exists()


def test_a_body_over_the_upload_limit_is_413(api, settings):
    settings.GOVKPI_MAX_UPLOAD_MB = 1
    rows = [{"code": f"X{i:06d}", "name_th": "หน่วยงาน" * 10, "kind": "other"} for i in range(6000)]
    body = json.dumps({"org_units": rows})
    assert len(body.encode()) > 1024 * 1024
    response = send(api, body)
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert not OrgUnit.objects.filter(code="X000000").exists()
    assert send(api, json.dumps({"org_units": rows[:10]})).status_code == 200


def test_the_openapi_describes_the_body_and_the_problems(api):
    schema = api.client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/workbook"]["post"]
    body = operation["requestBody"]["content"]["application/json"]
    assert body["example"]["org_units"][0]["code"] == "54"
    tables = body["schema"]["properties"]
    assert set(tables) >= {"org_units", "goals", "indicators", "criteria", "results", "scoring_policy"}
    org_row = tables["org_units"]["items"]
    assert "Required: code, name_th, kind." in org_row["description"]
    assert "province" in org_row["properties"]["kind"]["enum"]
    error = operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    detail = schema["components"]["schemas"][error]["properties"]["error"]["$ref"].rsplit("/", 1)[-1]
    assert "problems" in schema["components"]["schemas"][detail]["properties"]
    assert "413" in operation["responses"] and "403" in operation["responses"]


def test_criteria_of_the_workbook_land(api):
    send(api, WORKBOOK)
    criterion = Criterion.objects.get(indicator__code="G02-01")
    assert criterion.weight == 2 and criterion.org is None

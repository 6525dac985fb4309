"""`/api/v1/orgs` and `/api/v1/groups`: public reads in the workbook's words, writes through the workbook loader."""

import json

from govkpi.audit.models import AuditEvent
from govkpi.orgs.actions import ensure_groups, rebuild_paths
from govkpi.orgs.models import OrgUnit


def codes(response):
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def put(api, path, body, who="admin", language=None):
    headers = {"Authorization": f"Bearer {api.tokens[who]}"} if who else {}
    if language:
        headers["Accept-Language"] = language
    data = body if isinstance(body, str) else json.dumps(body)
    return api.client.put(f"/api/v1/{path}", data=data, content_type="application/json", headers=headers)


def group(world, code, *orgs):
    found = ensure_groups([code])[code]
    for org in orgs:
        world.orgs[org].groups.add(found)


def test_the_public_lists_organisations_in_workbook_columns(api, world):
    world.orgs["5401"].extra = {"x_phone": "054-511-000", "kept_elsewhere": 1}
    world.orgs["5401"].save()
    group(world, "district", "5401", "5402")
    response = api.get("orgs")
    body = response.json()
    assert body["count"] == 4 and [row["code"] for row in body["results"]] == ["54", "5401", "540101", "5402"]
    row = body["results"][1]
    assert row == {"code": "5401", "name_th": "อำเภอเมืองแพร่", "name_en": "Unit 5401", "kind": "district",
                   "parent": "54", "groups": ["district"], "depth": 1, "extra": {"x_phone": "054-511-000"}}
    assert body["results"][0]["parent"] is None and body["results"][0]["groups"] == []
    assert codes(api.get("orgs", "rep5401")) == codes(response)  # a token sees the same
    assert api.get("orgs", token="gk_not-a-token").status_code == 401


def test_filters(api, world):
    group(world, "district", "5401", "5402")
    assert codes(api.get("orgs?kind=district")) == ["5401", "5402"]
    assert codes(api.get("orgs?parent=54")) == ["5401", "5402"]
    assert codes(api.get("orgs?group=district")) == ["5401", "5402"]
    assert codes(api.get("orgs?under=5401")) == ["5401", "540101"]
    assert codes(api.get("orgs?under=54")) == ["54", "5401", "540101", "5402"]
    assert codes(api.get("orgs?under=nowhere")) == []
    assert codes(api.get("orgs?q=ร้องกวาง")) == ["5402"]
    assert codes(api.get("orgs?q=unit 540101")) == ["540101"]
    assert codes(api.get("orgs?q=0101")) == ["540101"]
    assert codes(api.get("orgs?kind=district&under=5401")) == ["5401"]
    response = api.get("orgs?kind=amphoe")
    assert response.status_code == 400 and "kind" in response.json()["error"]["fields"]


def test_ordering_and_pages(api):
    assert codes(api.get("orgs?ordering=-code")) == ["5402", "540101", "5401", "54"]
    assert codes(api.get("orgs?ordering=-depth")) == ["540101", "5401", "5402", "54"]
    assert codes(api.get("orgs?ordering=name_th"))[:2] == ["54", "540101"]  # จังหวัด, ตำบล (then two อำเภอ)
    assert codes(api.get("orgs?ordering=kind"))[0] == "5401"
    assert api.get("orgs?ordering=path").status_code == 400
    page = api.get("orgs?page_size=3&page=2").json()
    assert page["count"] == 4 and page["pages"] == 2 and [r["code"] for r in page["results"]] == ["5402"]
    assert page["next"] is None and "page=1" in page["previous"]


def test_one_organisation_with_its_children(api, world):
    group(world, "lao", "5401")
    body = api.get("orgs/5401").json()
    assert body["parent"] == "54" and body["children"] == ["540101"] and body["depth"] == 1
    assert body["groups"] == ["lao"]
    assert api.get("orgs/54").json()["children"] == ["5401", "5402"]
    response = api.get("orgs/9999")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_list_queries_do_not_grow_with_rows(api, world, django_assert_max_num_queries):
    district = ensure_groups(["district"])["district"]
    for i in range(60):
        org = OrgUnit.objects.create(code=f"54-X{i:02d}", name_th=f"หน่วย {i}", kind="other",
                                     parent=world.orgs["5401"])
        org.groups.add(district)
    rebuild_paths()
    with django_assert_max_num_queries(5):
        body = api.get("orgs?page_size=200").json()
    assert body["count"] == 64 and all(row["groups"] == ["district"] for row in body["results"] if "X" in row["code"])
    with django_assert_max_num_queries(6):
        assert api.get("orgs?under=5401&group=district").json()["count"] == 60
    with django_assert_max_num_queries(5):
        assert api.get("groups").json()["results"][0]["members"] == 60


def test_a_province_admin_puts_an_organisation(api, world):
    response = put(api, "orgs/54-PAO.1", {"name_th": "อบจ.แพร่", "kind": "pao", "parent": "5401",
                                          "groups": ["lao"], "x_phone": "054-1"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "54-PAO.1" and body["depth"] == 2 and body["groups"] == ["lao"]
    assert body["extra"] == {"x_phone": "054-1"} and body["children"] == []
    assert "54-PAO.1" in codes(api.get("orgs?under=5401"))  # tree paths rebuilt
    assert api.get("orgs/54-PAO.1").json()["name_th"] == "อบจ.แพร่"
    event = AuditEvent.objects.filter(action="workbook.load").get()
    assert event.channel == "api" and event.actor == world.people["admin"]
    again = put(api, "orgs/54-PAO.1", {"name_th": "อบจ.แพร่", "kind": "pao", "parent": "5401", "groups": "lao",
                                       "extra": {"x_phone": "054-1"}})
    assert again.status_code == 200 and AuditEvent.objects.filter(action="workbook.load").count() == 1
    moved = put(api, "orgs/54-PAO.1", {"code": "54-PAO.1", "name_th": "อบจ.แพร่", "kind": "pao", "parent": "54"})
    assert moved.status_code == 200 and moved.json()["depth"] == 1 and moved.json()["groups"] == []
    assert "54-PAO.1" in api.get("orgs/54").json()["children"]


def test_a_code_with_a_slash_is_addressable(api):
    assert put(api, "orgs/54%2FA", {"name_th": "หน่วย", "kind": "other", "parent": "54"}).status_code == 201
    assert api.get("orgs/54%2FA").json()["code"] == "54/A"
    assert api.get("orgs/54/A").json()["parent"] == "54"


def test_row_problems_are_400_keyed_by_column_in_the_request_language(api):
    body = {"name_th": "อำเภอลอง", "kind": "amphoe", "parent": "99"}
    response = put(api, "orgs/5404", body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["parent"] == ["ไม่พบหน่วยงานต้นสังกัดรหัส 99 ทั้งในไฟล์และในฐานข้อมูล"]
    assert error["fields"]["kind"][0].startswith("“amphoe” ใช้ไม่ได้")
    english = put(api, "orgs/5404", body, language="en").json()["error"]["fields"]
    assert english["parent"] == ["no parent organisation with code 99 in the file or the database"]
    assert put(api, "orgs/5404", {"kind": "district"}, language="en").json()["error"]["fields"] == {
        "name_th": ["a value is required"]}
    unknown = put(api, "orgs/5404", {"name_th": "ก", "kind": "district", "parnt": "54"}, language="en")
    assert unknown.json()["error"]["fields"] == {"parnt": ["unknown column “parnt”; did you mean “parent”?"]}
    assert not OrgUnit.objects.filter(code="5404").exists()


def test_a_cycle_is_refused(api):
    response = put(api, "orgs/54", {"name_th": "จังหวัดแพร่", "kind": "province", "parent": "540101"})
    assert response.status_code == 400 and response.json()["error"]["fields"]
    assert OrgUnit.objects.get(code="54").parent is None


def test_the_body_must_agree_with_the_address(api):
    response = put(api, "orgs/5404", {"code": "5405", "name_th": "ก", "kind": "district"})
    assert response.status_code == 400 and "code" in response.json()["error"]["fields"]
    assert put(api, "orgs/5404", "[1]").json()["error"]["code"] == "bad_json"
    assert put(api, "orgs/5404", "{oops").json()["error"]["code"] == "bad_json"
    assert put(api, "orgs/5404", {"name_th": "ก", "kind": "district", "extra": [1]}).status_code == 400


def test_only_province_admins_write(api):
    body = {"name_th": "อำเภอลอง", "kind": "district", "parent": "54"}
    for who in ("rep5401", "app5401", "viewer"):
        assert put(api, "orgs/5404", body, who=who).status_code == 403
    assert put(api, "orgs/5404", body, who=None).status_code == 401
    assert not OrgUnit.objects.filter(code="5404").exists()


def test_peer_groups(api, world):
    group(world, "district", "5401", "5402")
    group(world, "lao")
    body = api.get("groups").json()
    members = {row["code"]: row["members"] for row in body["results"]}
    assert members == {"district": 2, "lao": 0}
    assert [r["code"] for r in api.get("groups?ordering=-members").json()["results"]] == ["district", "lao"]
    assert [r["code"] for r in api.get("groups?q=la").json()["results"]] == ["lao"]
    assert api.get("groups/district").json()["members"] == 2
    assert api.get("groups/none").status_code == 404

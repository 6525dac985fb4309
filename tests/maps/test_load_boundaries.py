"""Loading boundaries from GeoJSON: both code styles, MultiPolygons, all or nothing with located errors, audited."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from govkpi.audit.models import AuditEvent
from govkpi.core.geometry import GeometryError
from govkpi.maps.actions import MAX_BYTES, load_boundaries
from govkpi.maps.errors import error_text
from govkpi.maps.models import Boundary

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).with_name("phrae-districts.geojson")


def collection() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def load(data: dict, replace: bool = False) -> dict[str, int]:
    content = json.dumps(data).encode()
    return load_boundaries(content, source="test.geojson", replace=replace, acting_user=None, channel="cli")


def test_it_loads_every_feature_with_its_official_code_and_name():
    assert load(collection()) == {"loaded": 3, "removed": 0}
    rows = {b.code: b for b in Boundary.objects.all()}
    assert sorted(rows) == ["5401", "5402", "5403"]  # code, ADM2_PCODE "TH5402", pcode "TH5403"
    assert rows["5402"].name_th == "อำเภอร้องกวาง" and rows["5402"].name_en == "Rong Kwang District"
    assert {b.level for b in rows.values()} == {"district"}
    assert len(rows["5402"].geometry) == 2  # a MultiPolygon keeps both parts
    assert len(rows["5403"].geometry[0]) == 2  # the hole is kept
    event = AuditEvent.objects.get(action="maps.load_boundaries")
    assert event.changes["codes"] == ["5401", "5402", "5403"] and event.object_key == "test.geojson"


def test_a_bad_feature_is_located_and_nothing_is_written():
    data = collection()
    data["features"][2]["geometry"]["coordinates"][0][1] = [100.05, "north"]
    with pytest.raises(GeometryError) as error:
        load(data)
    assert error.value.params["feature"] == 2
    assert error_text(error.value) == "features[2] คุณสมบัติ geometry.coordinates: พิกัดไม่ใช่วงของคู่ลองจิจูด ละติจูด"
    with translation.override("en"):
        assert error_text(error.value).startswith("features[2], property geometry.coordinates: ")
    assert not Boundary.objects.exists() and not AuditEvent.objects.filter(action="maps.load_boundaries").exists()


def test_an_unknown_code_is_refused_by_name():
    data = collection()
    data["features"][1]["properties"]["ADM2_PCODE"] = "TH5499"
    with pytest.raises(GeometryError) as error:
        load(data)
    assert error.value.code == "unknown_code"
    with translation.override("en"):
        assert error_text(error.value) == "features[1], property ADM2_PCODE: No official area has code 5499."
    assert not Boundary.objects.exists()


def test_loading_again_needs_replace_which_removes_what_was_there():
    load(collection())
    with pytest.raises(GeometryError) as error:
        load(collection())
    assert error.value.code == "already_loaded" and error.value.params["feature"] == 0
    smaller = collection()
    smaller["features"] = smaller["features"][:1]
    assert load(smaller, replace=True) == {"loaded": 1, "removed": 3}
    assert list(Boundary.objects.values_list("code", flat=True)) == ["5401"]


def test_a_file_too_large_or_not_json_is_refused():
    with pytest.raises(GeometryError) as error:
        load_boundaries(b" " * (MAX_BYTES + 1), source="big", replace=False, acting_user=None, channel="cli")
    assert error.value.code == "too_large"
    with pytest.raises(GeometryError) as error:
        load_boundaries(b"{nope", source="bad", replace=False, acting_user=None, channel="cli")
    assert error.value.code == "not_json"


def test_the_command_loads_a_file_and_says_what_it_did(capsys):
    call_command("load_boundaries", str(FIXTURE))
    assert "โหลด 3 รายการ ลบ 0 รายการ" in capsys.readouterr().out
    call_command("load_boundaries", str(FIXTURE), "--replace", "--attribution", " Phrae GIS office, CC BY 4.0 ")
    assert "โหลด 3 รายการ ลบ 3 รายการ" in capsys.readouterr().out
    assert set(Boundary.objects.values_list("attribution", flat=True)) == {"Phrae GIS office, CC BY 4.0"}
    refused = r"phrae-districts.geojson: features\[0\] คุณสมบัติ code: พื้นที่ 5401 มีขอบเขตอยู่แล้ว"
    with pytest.raises(CommandError, match=refused):
        call_command("load_boundaries", str(FIXTURE))
    with pytest.raises(CommandError, match="อ่านไฟล์"):
        call_command("load_boundaries", str(FIXTURE.with_name("missing.geojson")))

"""What an export looks like: numbers as numbers, codes as text, lists with `;`, xlsx header and widths."""

import json

import pytest
from openpyxl import load_workbook as open_xlsx

from govkpi.workbook.export import export_workbook
from govkpi.workbook.schema import TABLES

from .conftest import run

pytestmark = pytest.mark.django_db


def test_json_values(tmp_path, loaded):
    path = tmp_path / "out.json"
    export_workbook(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    province = document["org_units"][0]
    assert province == {"code": "54", "name_th": "จังหวัดแพร่", "name_en": "Phrae", "kind": "province",
                        "groups": "regional_administration"}
    assert document["org_units"][2]["x_note"] == "ภาคเหนือ"
    indicator = document["indicators"][0]
    assert (indicator["multiplier"], indicator["sdg"], indicator["responsible"]) == (100, "8.5.1", "5401;5402")
    assert document["assessments"][0]["components"] == '{"EIT": 29.3, "IIT": 29.85, "OIT": 40}'
    assert document["awards"][0]["date"] == "2022-09-20"
    assert [r["period"] for r in document["results"][:3]] == ["2565", "2565-Q1", "2565-Q2"]
    assert document["criteria"][1]["weight"] == 2.5 and document["criteria"][0]["weight"] == 5


def test_xlsx_layout(tmp_path, loaded):
    path = tmp_path / "out.xlsx"
    export_workbook(path)
    book = open_xlsx(path)
    sheet = book["org_units"]
    assert sheet["A1"].value == "code" and sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value == "54" and sheet["A2"].data_type == "s" and sheet["A2"].number_format == "@"
    assert sheet.column_dimensions["B"].width >= 10
    assert book["results"]["A1"].value == "indicator"
    assert book["awards"]["H2"].is_date


def test_the_export_command(tmp_path, loaded):
    status, out, _err = run("export", str(tmp_path / "out.yaml"), "--lang", "en")
    assert status == 0 and f"Exported 16 rows in {len(TABLES)} tables" in out
    status, _out, err = run("export", str(tmp_path / "out.csv"), "--lang", "en")
    assert status == 2 and ".xlsx, .json or .yaml" in err


def test_a_stored_infinity_is_written_as_text_the_load_then_names(tmp_path, loaded):
    from django.db import connection

    from govkpi.results.models import Result

    pk = Result.objects.filter(period="2565-Q1").values_list("pk", flat=True).first()
    with connection.cursor() as cursor:  # as SQL or an older version could have left it
        cursor.execute("UPDATE results_result SET value = %s WHERE id = %s", [float("inf"), pk])
    path = tmp_path / "out.json"
    export_workbook(path)
    rows = json.loads(path.read_text(encoding="utf-8"))["results"]  # strict JSON: no bare Infinity
    assert any(row.get("value") == "inf" for row in rows)
    status, _out, err = run("load", str(path), "--dry-run", "--lang", "en")
    assert status == 2 and "column value" in err and "inf" in err

"""export → load into an empty database → export gives the identical file, in every format."""

import json
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook as open_xlsx

from govkpi.workbook.actions import load_workbook
from govkpi.workbook.export import export_workbook
from govkpi.workbook.schema import TABLES

from .conftest import BASE, base, empty_database, write_json

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "govkpi" / "demo" / "phrae-2565.yaml"


def round_trip(tmp_path: Path, suffix: str) -> tuple[bytes, bytes]:
    first, second = tmp_path / f"first{suffix}", tmp_path / f"second{suffix}"
    export_workbook(first)
    empty_database()
    report = load_workbook(first)
    assert not any(counts.updated or counts.unchanged for counts in report.tables.values())
    export_workbook(second)
    return first.read_bytes(), second.read_bytes()


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".xlsx"])
def test_export_load_export_gives_identical_bytes(tmp_path, loaded, suffix):
    first, second = round_trip(tmp_path, suffix)
    assert first == second


def test_the_export_holds_every_table_and_row(tmp_path, loaded):
    path = tmp_path / "out.json"
    counts = export_workbook(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert list(document) == list(TABLES)
    assert counts == {name: len(BASE.get(name, [])) for name in TABLES}


def test_xlsx_cells_match_cell_by_cell(tmp_path, loaded):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export_workbook(first)
    empty_database()
    load_workbook(first)
    export_workbook(second)
    a, b = open_xlsx(first), open_xlsx(second)
    assert a.sheetnames == b.sheetnames == list(TABLES)
    for name in a.sheetnames:
        assert list(a[name].values) == list(b[name].values)


def test_notes_of_every_kind_survive(tmp_path, db):
    tables = base()
    tables["results"][0].update(x_count=3, x_ratio=0.25, x_text="๑๒ ข้อ", note="=1+1 #N/A")
    tables["results"][1]["note"] = "#N/A"
    tables["awards"][0]["x_when"] = "2022-09-20"
    load_workbook(write_json(tmp_path / "w.json", tables))
    for suffix in (".json", ".yaml", ".xlsx"):
        first, second = round_trip(tmp_path, suffix)
        assert first == second, suffix
    path = tmp_path / "check.yaml"
    export_workbook(path)
    row = next(r for r in yaml.safe_load(path.read_text(encoding="utf-8"))["results"] if "x_count" in r)
    assert (row["x_count"], row["x_ratio"], row["x_text"]) == (3, 0.25, "๑๒ ข้อ")


def test_small_and_large_numbers_survive_yaml(tmp_path, db):
    tables = base()
    tables["results"][0]["value"] = 0.00001
    tables["results"][1]["value"] = 12345678.125
    load_workbook(write_json(tmp_path / "w.json", tables))
    first, second = round_trip(tmp_path, ".yaml")
    assert first == second
    assert b"0.00001" in first


@pytest.mark.skipif(not DEMO.exists(), reason="the demo workbook is not there yet")
@pytest.mark.parametrize("suffix", [".yaml", ".json", ".xlsx"])
def test_the_demo_workbook_loads_and_round_trips(tmp_path, db, suffix):
    report = load_workbook(DEMO)
    assert report.tables["results"].created > 0
    first, second = round_trip(tmp_path, suffix)
    assert first == second

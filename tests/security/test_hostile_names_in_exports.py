"""Hostile names survive every export as the same text: the workbook export (xlsx: text cells, never formulas;
json; yaml) and every CSV the public pages link to (formula triggers neutralised)."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from django.core.management import call_command
from openpyxl import load_workbook

from govkpi.opendata.datasets import DATASETS
from govkpi.ops.csvsafe import TRIGGERS

from .conftest import FORMULA, HOSTILE
from .test_hostile_names_on_pages import crawl

pytestmark = pytest.mark.django_db


def test_the_xlsx_export_keeps_formulas_as_text(hostile, tmp_path):
    call_command("export", str(tmp_path / "out.xlsx"), stdout=io.StringIO())
    book = load_workbook(tmp_path / "out.xlsx")
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    formulas = [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert formulas == []
    assert any(cell.value == HOSTILE["indicator"] for cell in cells)


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_the_data_exports_keep_every_name_exactly(hostile, tmp_path, suffix):
    call_command("export", str(tmp_path / f"out{suffix}"), stdout=io.StringIO())
    text = (tmp_path / f"out{suffix}").read_text(encoding="utf-8")
    document = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    org = next(row for row in document["org_units"] if row["code"] == "54")
    indicator = next(row for row in document["indicators"] if row["code"] == "G01-1")
    assert org["name_th"] == HOSTILE["org"]
    assert indicator["name_th"] == FORMULA + HOSTILE["indicator"][len(FORMULA) :]


def test_csv_downloads_linked_from_public_pages_start_no_cell_with_a_formula(client, hostile):
    downloads = {
        path: response
        for path, response in crawl(client, "/open-data/").items()
        if "csv" in response.get("Content-Type", "") or path.endswith(".csv")
    }
    assert downloads, "the open-data page links its CSV downloads"
    for path, response in downloads.items():
        text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not (cell.startswith(TRIGGERS) and not _number(cell)), f"{path}: {cell!r}"


def _formula_cells(text: str) -> list[str]:
    return [
        cell for row in csv.reader(io.StringIO(text)) for cell in row if cell.startswith(TRIGGERS) and not _number(cell)
    ]


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_open_data_csv_downloads_neutralise_formulas(client, hostile, name):
    response = client.get(f"/open-data/{name}.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert _formula_cells(body.decode("utf-8-sig")) == []


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_open_data_xlsx_downloads_hold_no_formulas(client, hostile, name, tmp_path):
    response = client.get(f"/open-data/{name}.xlsx")
    assert response.status_code == 200
    (tmp_path / "data.xlsx").write_bytes(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    book = load_workbook(tmp_path / "data.xlsx")
    assert [
        cell.coordinate for sheet in book for row in sheet.iter_rows() for cell in row if cell.data_type == "f"
    ] == []


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True

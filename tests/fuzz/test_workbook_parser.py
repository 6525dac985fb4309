"""The workbook reader and validator, fed random tables, rows, columns and cells (JSON, YAML, xlsx) or random bytes:
a load report, or a WorkbookError whose every problem names where it is and reads as a message. Never a crash.
Dry runs: nothing is written, so examples do not depend on one another."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from govkpi.workbook.actions import load_workbook
from govkpi.workbook.messages import WorkbookError
from govkpi.workbook.schema import TABLES

from .conftest import FUZZ

pytestmark = pytest.mark.django_db

TABLE_NAMES = sorted(TABLES)
COLUMNS = sorted({column.name for table in TABLES.values() for column in table.columns})
table_names = st.one_of(st.sampled_from(TABLE_NAMES), st.text(min_size=1, max_size=12))
column_names = st.one_of(st.sampled_from(COLUMNS), st.just("x_note"), st.text(min_size=1, max_size=10))
texts = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "54",
            "5401",
            "G01",
            "G01-1",
            "2565",
            "2565-Q1",
            "๒๕๖๕-M๑๓",
            "1,234.5",
            "=1+1",
            "#N/A",
            "<script>alert(1)</script>",
            "\u202e54",
            "ก\u0e31\u0e31\u0e31",
            "20/9/2565",
            "true",
            "",
        ]
    ),
)
cells = st.one_of(st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(), texts)
rows = st.dictionaries(column_names, cells, max_size=8)
documents = st.dictionaries(table_names, st.one_of(st.lists(rows, max_size=5), cells, rows), max_size=4)


def outcome(path: Path) -> None:
    try:
        load_workbook(path, dry_run=True)
    except WorkbookError as error:
        assert error.count >= 1
        for problem in error.problems:
            assert problem.table is not None or problem.file, f"{problem!r} says not where"
            line = str(problem)
            assert line and ": " in line
        assert error.messages()


def _write(suffix: str, content: bytes) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False, dir=tempfile.gettempdir())
    handle.write(content)
    handle.close()
    return Path(handle.name)


@FUZZ
@given(documents)
def test_random_json_workbooks_load_or_are_refused_with_located_messages(db, document: dict[str, Any]) -> None:
    path = _write(".json", json.dumps(document, ensure_ascii=False).encode())
    try:
        outcome(path)
    finally:
        path.unlink()


@FUZZ
@given(documents)
def test_random_yaml_workbooks_load_or_are_refused_with_located_messages(db, document: dict[str, Any]) -> None:
    path = _write(".yaml", yaml.safe_dump(document, allow_unicode=True).encode())
    try:
        outcome(path)
    finally:
        path.unlink()


sheet_names = st.one_of(st.sampled_from(TABLE_NAMES), st.text(alphabet="abcdefgh_ กขค", min_size=1, max_size=12))
xlsx_cells = st.one_of(
    st.none(),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False),
    texts.map(lambda text: "".join(ch for ch in text if ch.isprintable())),
)


@FUZZ
@given(st.dictionaries(sheet_names, st.lists(st.lists(xlsx_cells, max_size=6), max_size=5), min_size=1, max_size=3))
def test_random_xlsx_workbooks_load_or_are_refused_with_located_messages(
    db, sheets: dict[str, list[list[Any]]]
) -> None:
    book = Workbook()
    book.remove(book.active)
    for name, sheet_rows in sheets.items():
        sheet = book.create_sheet(name.strip()[:31] or "x")
        for row in sheet_rows:
            sheet.append(row)
    path = _write(".xlsx", b"")
    try:
        book.save(path)
        outcome(path)
    finally:
        path.unlink()


@FUZZ
@given(st.sampled_from([".xlsx", ".json", ".yaml"]), st.binary(max_size=300))
def test_random_bytes_are_refused_with_a_message_about_the_file(db, suffix: str, content: bytes) -> None:
    path = _write(suffix, content)
    try:
        outcome(path)
    finally:
        path.unlink()

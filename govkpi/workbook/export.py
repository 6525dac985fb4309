"""Writing the database out as a workbook (.xlsx, .json or .yaml, by the file's extension).

Every table, every row, ordered by key, so the same data always gives the same file: export → load into an empty
database → export gives identical bytes. Numbers are numbers (ints where integral), codes are text, lists are joined
with `;`, dates are ISO, components a JSON string with sorted keys, x_ notes come after the contract columns.
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from govkpi.ops import spreadsheets

from .readers import FORMATS
from .schema import EXTRA_PREFIX, LIST_SEPARATOR, TABLES, Column, Table, Type
from .store import Lookups, existing, stored_columns

FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


class ExportTable:
    def __init__(self, table: Table, columns: list[str], rows: list[dict[str, Any]]) -> None:
        self.table = table
        self.columns = columns  # contract columns, then x_ columns
        self.rows = rows  # cell values by column; empty cells absent


def export_workbook(path: str | Path) -> dict[str, int]:
    """Write every table to ``path`` in the format of its extension. Returns rows written per table."""
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"unknown workbook format {path.suffix!r}: use .xlsx, .json or .yaml")
    tables = collect()
    if kind == "xlsx":
        _write_xlsx(path, tables)
    else:
        document = {name: table.rows for name, table in tables.items()}
        if kind == "json":
            text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        else:
            text = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
        path.write_text(text, encoding="utf-8")
    return {name: len(table.rows) for name, table in tables.items()}


# --- from the database to cells -----------------------------------------------------------------------------------


def _cell(column: Column, value: Any) -> Any:
    """A stored value as a workbook cell; None for an empty cell."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    kind = column.type
    if kind is Type.NUMBER:
        number = float(value)
        if not math.isfinite(number):  # stored some other way (SQL): written as text, so the file stays valid
            return str(number)  # and a load names the cell (`govkpi check-data` lists the row)
        return int(number) if number.is_integer() else number
    if kind is Type.LIST:
        return LIST_SEPARATOR.join(value)
    if kind is Type.JSON:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if kind is Type.DATE:
        return value.isoformat()
    return value


def _note(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def _sort_key(key: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((part is not None, part if part is not None else "") for part in key)


def collect() -> dict[str, ExportTable]:
    """Every table as rows of cells, in table order, each table ordered by key."""
    lookups = Lookups.load()
    tables: dict[str, ExportTable] = {}
    for name, table in TABLES.items():
        columns = stored_columns(table)
        found = existing(name, lookups)
        m2m = next((c for c in table.columns if c not in columns), None)
        rows: list[dict[str, Any]] = []
        notes: set[str] = set()
        for key in sorted(found.rows, key=_sort_key):
            pk, values = found.rows[key]
            cells: dict[str, Any] = {}
            by_name = dict(zip((c.name for c in columns), values, strict=False))
            for column in table.columns:
                value = sorted(found.m2m.get(pk, ())) if column is m2m else by_name[column.name]
                cell = _cell(column, value)
                if cell is not None:
                    cells[column.name] = cell
            extra = values[-1] or {}
            for note in sorted(key for key in extra if key.startswith(EXTRA_PREFIX)):
                cell = _note(extra[note])
                if cell is not None and cell != "":
                    cells[note] = cell
                    notes.add(note)
            rows.append(cells)
        tables[name] = ExportTable(table, [*table.column_names, *sorted(notes)], rows)
    return tables


# --- yaml ---------------------------------------------------------------------------------------------------------


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Floats in positional notation (`0.00001`, not `1e-05`), which the workbook's number rules accept."""


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    text = format(Decimal(repr(value)), "f")
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


_Dumper.add_representer(float, _represent_float)


# --- xlsx ---------------------------------------------------------------------------------------------------------


class _FixedZip(zipfile.ZipFile):
    """A zip whose entries all carry the same timestamp, so equal content gives equal bytes."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        with open(filename, "rb") as handle:
            self.writestr(str(arcname or filename), handle.read())


def _widths(table: ExportTable) -> Iterator[tuple[str, float]]:
    for index, column in enumerate(table.columns, start=1):
        longest = len(column)
        for row in table.rows[:200]:
            value = row.get(column)
            if value is not None:
                longest = max(longest, len(str(value)))
        yield get_column_letter(index), min(max(longest + 2, 8), 60)


def _text_cell(sheet: Any, value: str) -> WriteOnlyCell:
    """A text cell, kept text (`govkpi.ops.spreadsheets.cell`, formula-safe): codes such as 054 stay codes in Excel,
    `=…` or `#N/A` are not formulas, and text a spreadsheet would run carries the quote prefix."""
    return spreadsheets.cell(sheet, value, number_format="@")


def _write_xlsx(path: Path, tables: dict[str, ExportTable]) -> None:
    book = Workbook(write_only=True)
    book.properties.creator = "govkpi"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    bold = Font(bold=True)
    for name, table in tables.items():
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        for letter, width in _widths(table):
            sheet.column_dimensions[letter].width = width
        header = []
        for column in table.columns:
            cell = spreadsheets.cell(sheet, column)  # x_ names are the user's text
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        date_at = {i for i, column in enumerate(table.columns)
                   if (found := table.table.by_name.get(column)) is not None and found.type is Type.DATE}
        for row in table.rows:
            cells: list[Any] = []
            for i, column_name in enumerate(table.columns):
                value = row.get(column_name)
                if value is None:
                    pass
                elif i in date_at:
                    value = WriteOnlyCell(sheet, date.fromisoformat(value))
                    value.number_format = "yyyy-mm-dd"
                elif isinstance(value, str):
                    value = _text_cell(sheet, value)
                cells.append(value)
            sheet.append(cells)
    with _FixedZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()

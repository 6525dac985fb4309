"""Writing the database out as a workbook (.xlsx, .ods, .json or .yaml, by the file's extension).

Every table, every row, ordered by key, so the same data always gives the same file: export → load into an empty
database → export gives identical bytes. Numbers are numbers (ints where integral), codes are text, lists are joined
with `;`, dates are ISO, components a JSON string with sorted keys, x_ notes come after the contract columns.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from govkpi.ops import spreadsheets
from govkpi.ops.progress import SILENT, Bar, Progress

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


def export_workbook(path: str | Path, progress: Progress = SILENT) -> dict[str, int]:
    """Write every table to ``path`` in the format of its extension. Returns rows written per table. ``progress``
    is told the two stages, reading the database and writing the file, and their rows."""
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"unknown workbook format {path.suffix!r}: use .xlsx, .ods, .json or .yaml")
    with progress.stage(_("reading the database")) as bar:
        tables = collect(bar)
    with progress.stage(_("writing the file"), total=sum(len(table.rows) for table in tables.values())) as bar:
        if kind == "xlsx":
            _write_xlsx(path, tables, bar)
        elif kind == "ods":
            path.write_bytes(ods_bytes(_ods_sheets(tables)))
        else:
            document = {name: table.rows for name, table in tables.items()}
            if kind == "json":
                text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
            else:
                text = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
            path.write_text(text, encoding="utf-8")
        bar.done = bar.total or 0
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


def collect(bar: Bar | None = None) -> dict[str, ExportTable]:
    """Every table as rows of cells, in table order, each table ordered by key (``bar`` counts them a table at a
    time)."""
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
        if bar is not None:
            bar.advance(len(rows))
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


def _write_xlsx(path: Path, tables: dict[str, ExportTable], bar: Bar | None = None) -> None:
    book = Workbook(write_only=True)
    book.properties.creator = "govkpi"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    bold = Font(bold=True)
    for name, table in tables.items():
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        kinds = [_column_kind(table, column) for column in table.columns]
        for (letter, width), kind in zip(_widths(table), kinds, strict=True):
            sheet.column_dimensions[letter].width = width
            if kind != "number":  # the whole column: a code typed below the last row stays text (`055`)
                sheet.column_dimensions[letter].number_format = "@" if kind == "text" else "yyyy-mm-dd"
        last = max(len(table.rows) + 1, 1000)
        for index, column in enumerate(table.columns, start=1):
            found = table.table.by_name.get(column)
            if found is not None and found.type is Type.CHOICE and found.choices:
                listed = ",".join(str(choice) for choice in found.choices)
                letter = get_column_letter(index)
                validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
                validation.add(f"{letter}2:{letter}{last}")
                sheet.data_validations.append(validation)  # write-only sheets have no add_data_validation
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
        if bar is not None:
            bar.advance(len(table.rows))
    with _FixedZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()


# --- ods ----------------------------------------------------------------------------------------------------------


def _column_kind(table: ExportTable, column: str) -> str:
    """How a whole column is formatted: ``date``, ``number`` (numbers, whole numbers, years; x_ notes, which may
    hold either) or ``text`` (codes, text, lists, choices, periods, URLs, JSON)."""
    found = table.table.by_name.get(column)
    if found is None:
        return "number"  # an x_ note: left to what is typed
    if found.type is Type.DATE:
        return "date"
    return "number" if found.type in (Type.NUMBER, Type.INT, Type.YEAR) else "text"


def _ods_sheets(tables: dict[str, ExportTable]) -> list[OdsSheetSpec]:
    sheets = []
    for name, table in tables.items():
        kinds = [_column_kind(table, column) for column in table.columns]
        rows = [[row.get(column) for column in table.columns] for row in table.rows]
        choices = {column.name: [str(choice) for choice in column.choices] for column in table.table.columns
                   if column.type is Type.CHOICE and column.choices}
        sheets.append(OdsSheetSpec(name, list(table.columns), kinds, rows, choices))
    return sheets


@dataclass
class OdsSheetSpec:
    """One sheet of an .ods to write: a header row of ``columns``, then ``rows``. ``kinds`` per column: ``text``
    (the whole column formatted as text: a code typed below stays ``055``), ``date`` (date cells), or ``number``.
    ``choices``: column → the values a list offers (data validation)."""

    title: str
    columns: list[str]
    kinds: list[str]
    rows: list[list[Any]]
    choices: dict[str, list[str]]
    locked_rows: set[int] = field(default_factory=set)  # 0-based indexes into rows: grey and protected


def ods_bytes(sheets: list[OdsSheetSpec]) -> bytes:
    """An OpenDocument spreadsheet built with odfpy and zipped here with fixed times (equal data, equal bytes)."""
    from odf.number import DateStyle, Day, Month, NumberStyle, Text, TextContent, TextStyle, Year
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableCellProperties, TextProperties
    from odf.table import (
        ContentValidation,
        ContentValidations,
        Table,
        TableCell,
        TableColumn,
        TableRow,
    )
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    text_format = TextStyle(name="N-text")
    text_format.addElement(TextContent())
    date_format = DateStyle(name="N-date")
    date_format.addElement(Year(style="long"))
    date_format.addElement(Text(text="-"))
    date_format.addElement(Month(style="long"))
    date_format.addElement(Text(text="-"))
    date_format.addElement(Day(style="long"))
    number_format = NumberStyle(name="N-number")
    for element in (text_format, date_format, number_format):
        doc.automaticstyles.addElement(element)
    styles = {}
    for kind, data_style in (("text", "N-text"), ("date", "N-date"), ("number", None)):
        for locked in (False, True):
            style = Style(name=f"ce-{kind}{'-locked' if locked else ''}", family="table-cell")
            if data_style:
                style.setAttribute("datastylename", data_style)
            properties = {"cellprotect": "protected" if locked else "none"}
            if locked:
                properties["backgroundcolor"] = "#d9d9d9"
            style.addElement(TableCellProperties(**properties))
            doc.automaticstyles.addElement(style)
            styles[kind, locked] = style
    header_style = Style(name="ce-header", family="table-cell", datastylename="N-text")
    header_style.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(header_style)
    validations = ContentValidations()
    used_validations = False
    for sheet in sheets:
        protect = bool(sheet.locked_rows)
        table = Table(name=sheet.title, protected="true" if protect else "false")
        for kind in sheet.kinds:  # the whole column: text, date or number
            table.addElement(TableColumn(defaultcellstylename=styles[kind, False]))
        header = TableRow()
        for name in sheet.columns:
            cell = TableCell(valuetype="string", stylename=header_style)
            cell.addElement(P(text=name))
            header.addElement(cell)
        table.addElement(header)
        validation_of = {}
        for name, choices in sheet.choices.items():
            if name in sheet.columns:
                validation_name = f"val-{sheet.title}-{name}"
                listed = ";".join('"' + choice.replace('"', '""') + '"' for choice in choices)
                validations.addElement(ContentValidation(name=validation_name, allowemptycell="true",
                                                         condition=f"of:cell-content-is-in-list({listed})"))
                validation_of[sheet.columns.index(name)] = validation_name
                used_validations = True
        for number, values in enumerate(sheet.rows):
            locked = number in sheet.locked_rows
            row = TableRow()
            for index, value in enumerate(values):
                kind = sheet.kinds[index]
                style = styles[kind, locked]
                extra = {"contentvalidationname": validation_of[index]} if index in validation_of else {}
                if value is None or value == "":
                    cell = TableCell(stylename=style, **extra)
                elif kind == "date" and isinstance(value, str):
                    cell = TableCell(valuetype="date", datevalue=value, stylename=style, **extra)
                    cell.addElement(P(text=value))
                elif isinstance(value, bool):
                    cell = TableCell(valuetype="string", stylename=style, **extra)
                    cell.addElement(P(text=str(value).lower()))
                elif isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=repr(value), stylename=style, **extra)
                    cell.addElement(P(text=repr(value)))
                else:
                    cell = TableCell(valuetype="string", stylename=style, **extra)
                    for line in str(value).split("\n"):
                        cell.addElement(P(text=line))
                row.addElement(cell)
            table.addElement(row)
        doc.spreadsheet.addElement(table)
    if used_validations:
        doc.spreadsheet.insertBefore(validations, doc.spreadsheet.firstChild)
    parts = [
        ("mimetype", doc.mimetype.encode(), zipfile.ZIP_STORED),
        ("content.xml", _sorted_namespaces(doc.contentxml()), zipfile.ZIP_DEFLATED),
        ("styles.xml", _sorted_namespaces(doc.stylesxml()), zipfile.ZIP_DEFLATED),
        ("meta.xml", _sorted_namespaces(doc.metaxml()), zipfile.ZIP_DEFLATED),
    ]
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{doc.mimetype}"/>'
        + "".join(f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>'
                  for name, _data, _kind in parts[1:])
        + "</manifest:manifest>"
    )
    parts.append(("META-INF/manifest.xml", manifest.encode(), zipfile.ZIP_DEFLATED))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, kind in parts:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = kind
            info.external_attr = 0o644 << 16
            archive.writestr(info, data if isinstance(data, bytes) else data.encode())
    return buffer.getvalue()


_ROOT_RE = re.compile(rb"<(office:[\w-]+)((?:\s+[\w:.-]+=(?:\"[^\"]*\"|'[^']*'))*)\s*>")
_ATTR_RE = re.compile(rb"[\w:.-]+=(?:\"[^\"]*\"|'[^']*')")


def _sorted_namespaces(xml: str | bytes) -> bytes:
    """odfpy declares every namespace it has met in the process, in the order it met them: only those the part
    uses, sorted, so equal content gives equal bytes."""
    data = xml.encode() if isinstance(xml, str) else xml
    match = _ROOT_RE.search(data)
    if match is None:
        return data
    used = set(re.findall(rb"[<\s/]([a-z][\w-]*):[\w-]+", data[match.end():])) | {b"office"}
    attributes = sorted(attribute for attribute in _ATTR_RE.findall(match.group(2))
                        if not attribute.startswith(b"xmlns:") or attribute[6:].partition(b"=")[0] in used)
    root = b"<" + match.group(1) + b"".join(b" " + attribute for attribute in attributes) + b">"
    return data[:match.start()] + root + data[match.end():]

"""Reading a workbook file (.xlsx, .ods, .json, .yaml) into raw rows, each with the location the user sees.

Readers check the shape only — sheet and column names, merged cells, formula errors, a readable file — and leave
values as they are (text, numbers, dates); :mod:`govkpi.workbook.validate` converts them. Problems go into a
:class:`~govkpi.workbook.messages.Problems` collector; nothing is raised for bad input. An .xlsx is opened and its
rows streamed by :mod:`govkpi.ops.spreadsheets` under the limits of the ``workbook`` profile (compression bombs,
DOCTYPEs, huge sheets are refused with a located message before they cost memory or time).
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from openpyxl.utils import get_column_letter

from govkpi.ops import spreadsheets
from govkpi.ops.progress import Bar
from govkpi.ops.spreadsheets import SpreadsheetRefused

from .messages import Problems
from .schema import EXTRA_PREFIX, TABLES, Type
from .values import YamlNumber

FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".ods": "ods", ".json": "json", ".yaml": "yaml", ".yml": "yaml"}
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


@dataclass
class RawTable:
    name: str
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (row as the user sees it, cells)
    extra_columns: dict[str, int] = field(default_factory=dict)  # x_ column → the row where it first appears


@dataclass
class RawWorkbook:
    path: Path
    format: str
    sha256: str
    tables: dict[str, RawTable] = field(default_factory=dict)


def read_workbook(path: str | Path, problems: Problems, bar: Bar | None = None) -> RawWorkbook:
    """Read a workbook; shape problems go into ``problems`` (the tables read so far are still returned). ``bar``
    counts the rows of a spreadsheet's sheets as they stream."""
    path = Path(path)
    problems.file = path.name
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        problems.add("unknown_format", ext=path.suffix or path.name)
        return RawWorkbook(path, "", "")
    try:
        if kind in ("xlsx", "ods"):
            spreadsheets.check_file_size(path.stat().st_size, spreadsheets.limits_for(spreadsheets.WORKBOOK))
        data = path.read_bytes()
    except SpreadsheetRefused as refused:
        _refused(refused, problems)
        return RawWorkbook(path, kind, "")
    except OSError as error:
        problems.add("unreadable", reason=error.strerror or str(error))
        return RawWorkbook(path, kind, "")
    workbook = RawWorkbook(path, kind, hashlib.sha256(data).hexdigest())
    if kind in ("xlsx", "ods"):
        problems.sheet = True
        _read_xlsx(data, workbook, problems, ods=kind == "ods", bar=bar)
    else:
        _read_document(data, workbook, problems)
    return workbook


def read_spreadsheet(data: bytes, problems: Problems, name: str, bar: Bar | None = None) -> RawWorkbook:
    """An .xlsx or .ods given as bytes (the API's body), read as :func:`read_workbook` reads the file ``name``."""
    problems.file = name
    kind = FORMATS.get(Path(name).suffix.lower())
    workbook = RawWorkbook(Path(name), kind or "", hashlib.sha256(data).hexdigest())
    if kind not in ("xlsx", "ods"):
        problems.add("unknown_format", ext=Path(name).suffix or name)
        return workbook
    problems.sheet = True
    _read_xlsx(data, workbook, problems, ods=kind == "ods", bar=bar)
    return workbook


# --- json / yaml --------------------------------------------------------------------------------------------------


class _TextLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML that keeps scalars as the user wrote them: `054` stays the code 054 and `8.10` the SDG target 8.10
    (YAML 1.1 would read 44 and 8.1). Plain numbers become :class:`YamlNumber` text, which number columns and x_
    notes read as numbers; `yes`/`no` and dates stay text (the validator parses dates itself)."""


def _as_number(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> YamlNumber:
    return YamlNumber(node.value)


def _as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(node.value)


_TextLoader.add_constructor("tag:yaml.org,2002:int", _as_number)
_TextLoader.add_constructor("tag:yaml.org,2002:float", _as_number)
_TextLoader.add_constructor("tag:yaml.org,2002:bool", _as_text)
_TextLoader.add_constructor("tag:yaml.org,2002:timestamp", _as_text)


def _read_document(data: bytes, workbook: RawWorkbook, problems: Problems) -> None:
    try:
        if workbook.format == "json":
            document = json.loads(data)
        else:
            document = yaml.load(data, Loader=_TextLoader)  # noqa: S506 - a safe loader
    except json.JSONDecodeError as error:
        problems.add("bad_json", reason=f"{error.msg} (line {error.lineno}, column {error.colno})")
        return
    except UnicodeDecodeError as error:
        problems.add("unreadable", reason=str(error))
        return
    except yaml.YAMLError as error:
        problems.add("bad_yaml", reason=str(error).replace("\n", " "))
        return
    _read_tables(document, workbook, problems)


def read_json_workbook(data: bytes | dict[str, Any], problems: Problems, name: str = "api.json") -> RawWorkbook:
    """Read a workbook in the `.json` format from its bytes, or from the object already parsed from them (the API),
    with the same rules and messages as a `.json` file; ``name`` is the file name that messages and the audit show.
    The sha256 is of the bytes, or of the object's canonical JSON."""
    problems.file = name
    if isinstance(data, bytes | bytearray):
        workbook = RawWorkbook(Path(name), "json", hashlib.sha256(data).hexdigest())
        _read_document(bytes(data), workbook, problems)
        return workbook
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    workbook = RawWorkbook(Path(name), "json", hashlib.sha256(canonical.encode()).hexdigest())
    _read_tables(data, workbook, problems)
    return workbook


def _read_tables(document: Any, workbook: RawWorkbook, problems: Problems) -> None:
    if document is None:
        document = {}
    if not isinstance(document, dict):
        problems.add("not_object")
        return
    for name, rows in document.items():
        name = str(name)
        table = _table_for(name, problems)
        if table is None:
            continue
        if rows is None:
            rows = []
        if not isinstance(rows, list):
            problems.add("not_list", table=name)
            continue
        workbook.tables[name] = _rows_of_document(name, rows, problems)


def _rows_of_document(name: str, rows: list[Any], problems: Problems) -> RawTable:
    table = TABLES[name]
    raw = RawTable(name)
    allowed = set(table.column_names)
    reported: set[str] = set()
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            problems.add("row_not_object", table=name, row=number)
            continue
        if not row.keys() <= allowed:
            for key in row:
                if key in allowed:
                    continue
                if isinstance(key, str) and key.startswith(EXTRA_PREFIX):
                    allowed.add(key)
                    raw.extra_columns[key] = number
                elif key not in reported:
                    reported.add(key)
                    _unknown_column(name, number, str(key), problems)
        if any(value is not None and value != "" for value in row.values()):
            raw.rows.append((number, row))
    return raw


# --- xlsx ---------------------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, workbook: RawWorkbook, problems: Problems, ods: bool = False,
               bar: Bar | None = None) -> None:
    """An .xlsx, or an .ods (``ods``: the file's name says so; its content must agree) read the same way."""
    if ods and not spreadsheets.is_ods(data):
        problems.add("not_ods", reason="no OpenDocument spreadsheet mimetype")
        return
    if not ods and spreadsheets.is_ods(data):
        problems.add("not_xlsx", reason="an OpenDocument spreadsheet: name it .ods")
        return
    try:
        book = spreadsheets.open_book(data, spreadsheets.WORKBOOK)
    except SpreadsheetRefused as refused:  # not a zip, a bomb, a DOCTYPE, over a limit… (every openpyxl error too)
        _refused(refused, problems)
        return
    try:
        merged = book.merged_ranges() if isinstance(book, spreadsheets.OdsBook) else _merged_ranges(data, book.book)
        for sheet in book.worksheets:
            table = _table_for(sheet.title, problems)
            if table is None:
                continue
            for cell_range in merged.get(sheet.title, ()):
                problems.add("merged_cells", table=sheet.title, row=_first_row(cell_range), range=cell_range)
            rows = book.rows(sheet) if bar is None else bar.track(book.rows(sheet))
            workbook.tables[sheet.title] = _rows_of_sheet(sheet.title, rows, problems)
    except SpreadsheetRefused as refused:  # a limit passed or a damaged sheet, while streaming its rows
        _refused(refused, problems)
    except Exception as error:  # a damaged sheet inside a valid zip
        problems.add("not_xlsx", reason=_reason(error))
    finally:
        book.close()


def _refused(refused: SpreadsheetRefused, problems: Problems) -> None:
    problems.add(refused.code, table=refused.sheet, row=refused.row if refused.sheet else None, **refused.params)


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _first_row(cell_range: str) -> int:
    match = re.search(r"[0-9]+", cell_range)
    return int(match.group()) if match else 1


def _merged_ranges(data: bytes, book: Any) -> dict[str, list[str]]:
    """Merged ranges per sheet title, read from each sheet's XML (read-only mode does not parse them).

    The XML is scanned in 1 MB pieces that overlap a little, so a `<mergeCell ref=…>` split between two pieces is
    still found; a set drops the ones seen twice."""
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for sheet in book.worksheets:
            member = getattr(sheet, "_worksheet_path", None)
            if not member:
                continue
            refs: set[str] = set()
            with archive.open(member) as stream:
                tail = b""
                while chunk := stream.read(1 << 20):
                    text = tail + chunk
                    refs.update(ref.decode() for ref in _MERGE_RE.findall(text))
                    tail = text[-100:]
            if refs:
                found[sheet.title] = sorted(refs, key=lambda ref: (_first_row(ref), ref))
    return found


def _cell_value(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _rows_of_sheet(name: str, rows: Iterator[tuple[Any, ...]], problems: Problems) -> RawTable:
    """``rows``: cells, not values (an error cell is known by its type "e", not by its text), streamed under the
    limits with the sheet's declared size ignored (some writers record a wrong one)."""
    raw = RawTable(name)
    table = TABLES[name]
    header_cells = next(rows, ())
    header = [cell.value for cell in header_cells]
    names: list[str | None] = []
    letters = problems.letters.setdefault(name, {})
    for index, cell in enumerate(header_cells, start=1):
        column = _cell_value(cell.value)
        letter = get_column_letter(index)
        if column is not None and cell.data_type == "e":
            problems.add("formula_error", table=name, row=1, value=column)
            column = None
        if column is None:
            names.append(None)
            continue
        column = _text(column)
        if column in letters:
            problems.add("duplicate_column", table=name, row=1, column=column, name=column)
            names.append(None)
            continue
        letters[column] = letter
        if column not in table.by_name:
            if column.startswith(EXTRA_PREFIX):
                raw.extra_columns[column] = 1
            else:
                _unknown_column(name, 1, column, problems)
                names.append(None)
                continue
        names.append(column)
    width = len(names)
    codes = {column.name for column in table.columns if column.type is Type.CODE}
    numeric_codes: list[tuple[int, str, str]] = []  # (row, column, the number as text)
    text_codes: dict[str, set[str]] = {}
    unnamed_reported = False
    for number, row in enumerate(rows, start=2):
        cells: dict[str, Any] = {}
        for index, cell in enumerate(row):
            value = cell.value
            if value is None:
                continue
            if type(value) is str:
                if cell.data_type == "e":
                    column = names[index] if index < width else None
                    letter = get_column_letter(index + 1)
                    problems.add("formula_error", table=name, row=number, column=column or letter, value=value)
                    continue
                value = value.strip()
                if not value:
                    continue
            column = names[index] if index < width else None
            if column is None:
                if (index >= width or header[index] is None) and not unnamed_reported:
                    unnamed_reported = True
                    problems.add("unnamed_column", table=name, row=number)
                continue
            if column in codes:
                if type(value) in (int, float):
                    numeric_codes.append((number, column, _text(value)))
                elif isinstance(value, str):
                    text_codes.setdefault(column, set()).add(value)
            cells[column] = value
        if cells:
            raw.rows.append((number, cells))
    _check_numeric_codes(name, numeric_codes, text_codes, problems)
    return raw


def _check_numeric_codes(name: str, numeric: list[tuple[int, str, str]], texts: dict[str, set[str]],
                         problems: Problems) -> None:
    """A number in a code column (workbook.md, Extensions: *codes typed as numbers*) is read as its digits (`54`),
    as always — unless it could have lost leading zeros: the same column holds text codes that start with `0`
    (`054`), or one that is the number with zeros before it. Then the cell is refused, naming it."""
    for row, column, text in numeric:
        found = texts.get(column, ())
        if any(code[:1] == "0" and len(code) > 1 for code in found) or any(
            code.lstrip("0") == text.lstrip("0") and code != text for code in found
        ):
            problems.add("code_as_number", table=name, row=row, column=column, value=text)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


# --- shared -------------------------------------------------------------------------------------------------------


def _table_for(name: str, problems: Problems) -> str | None:
    if name in TABLES:
        return name
    hint = difflib.get_close_matches(name, list(TABLES), n=1, cutoff=0.6)
    if hint:
        problems.add("unknown_table_hint", table=name, name=name, hint=hint[0])
    else:
        problems.add("unknown_table", table=name, name=name)
    return None


def _unknown_column(table: str, row: int, column: str, problems: Problems) -> None:
    hint = difflib.get_close_matches(column, TABLES[table].column_names, n=1, cutoff=0.6)
    if hint:
        problems.add("unknown_column_hint", table=table, row=row, column=column, name=column, hint=hint[0])
    else:
        problems.add("unknown_column", table=table, row=row, column=column, name=column)

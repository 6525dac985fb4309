"""Reading a checked file: :class:`BoundedBook` (xlsx, through openpyxl) and :class:`OdsBook` (OpenDocument,
streamed by expat), with one interface, and :func:`open_book`, which picks by content."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers import expat

from openpyxl import load_workbook

from .guard import CHUNK, Limits, SpreadsheetRefused, _count, _reason, _refuse_dtd, inspect, limits_for


class BoundedBook:
    """An xlsx that passed :func:`inspect`, opened by openpyxl in read-only mode; close it (or use ``with``)."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        inspect(data, limits)
        self.limits = limits
        self.cells = 0
        try:
            self.book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds (zip, xml, key errors)
            raise SpreadsheetRefused("not_xlsx", reason=_reason(error)) from None

    @property
    def sheetnames(self) -> list[str]:
        return list(self.book.sheetnames)

    @property
    def worksheets(self) -> list[Any]:
        return list(self.book.worksheets)

    def rows(self, sheet: Any, values_only: bool = False) -> Iterator[tuple[Any, ...]]:
        """The rows of a sheet as openpyxl streams them (row 1 first, gaps as empty rows), stopping with
        SpreadsheetRefused as soon as a cap is passed or openpyxl fails."""
        title = sheet.title
        limits = self.limits
        sheet.reset_dimensions()  # the declared <dimension> pads nothing
        source = sheet.iter_rows(values_only=values_only)
        number = 0
        while True:
            try:
                row = next(source)
            except StopIteration:
                return
            except Exception as error:  # noqa: BLE001 - damaged XML or values inside the sheet
                raise SpreadsheetRefused("sheet_xml_damaged", sheet=title, row=number + 1,
                                         part=getattr(sheet, "_worksheet_path", title), reason=_reason(error)) from None
            number += 1
            if number > limits.rows:
                raise SpreadsheetRefused("sheet_too_many_rows", sheet=title, row=number, limit=_count(limits.rows))
            if len(row) > limits.columns:
                raise SpreadsheetRefused("sheet_too_many_columns", sheet=title, row=number,
                                         limit=_count(limits.columns))
            self.cells += len(row)
            if self.cells > limits.cells:
                raise SpreadsheetRefused("sheet_too_many_cells", sheet=title, row=number, limit=_count(limits.cells))
            yield row

    def close(self) -> None:
        self.book.close()

    def __enter__(self) -> BoundedBook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"


def is_ods(data: bytes) -> bool:
    """An OpenDocument spreadsheet: a zip whose first part, ``mimetype``, stored, names the type."""
    return data[:4] == b"PK\x03\x04" and data[30:38] == b"mimetype" and ODS_MIMETYPE in data[38:120]


@dataclass(frozen=True)
class OdsCell:
    """A cell as :class:`BoundedBook` yields it: ``value`` and openpyxl's ``data_type`` (``e`` for an error)."""

    value: Any
    data_type: str = "n"


_EMPTY = OdsCell(None)


class OdsSheet:
    def __init__(self, title: str) -> None:
        self.title = title
        self.lines: list[tuple[OdsCell, ...]] = []
        self.merged: list[str] = []


class OdsBook:
    """An .ods (OpenDocument spreadsheet, a zip of XML) read with the same checks and the same interface as
    :class:`BoundedBook`: the zip and every part pass :func:`inspect` first (bombs, DOCTYPEs, counts), then
    ``content.xml`` is streamed by expat (no DTD, no entity) into rows. Repeated rows and cells
    (``table:number-rows-repeated``, ``table:number-columns-repeated``, which LibreOffice writes for the empty
    rest of a sheet) are expanded only when something follows them, and counted against the limits as they are;
    trailing empty ones cost nothing. Nothing of LibreOffice is needed."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        try:
            inspect(data, limits)
        except SpreadsheetRefused as refused:
            if refused.code == "not_xlsx":
                refused.code = "not_ods"
            raise
        self.limits = limits
        self.cells = 0
        self.book: dict[str, OdsSheet] = {}
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as stream:
                self._parse(stream)
        except SpreadsheetRefused:
            raise
        except KeyError:
            raise SpreadsheetRefused("not_ods", reason="content.xml is missing") from None
        except expat.ExpatError as error:
            raise SpreadsheetRefused("sheet_xml_damaged", part="content.xml",
                                     reason=expat.ErrorString(error.code)) from None
        except Exception as error:  # noqa: BLE001 - a damaged zip inside, a bad number…
            raise SpreadsheetRefused("not_ods", reason=_reason(error)) from None

    def _parse(self, stream: IO[bytes]) -> None:
        limits = self.limits
        parser = expat.ParserCreate(namespace_separator=" ")
        refuse = _refuse_dtd("content.xml")
        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        parser.UnparsedEntityDeclHandler = refuse
        parser.ExternalEntityRefHandler = refuse
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        state: dict[str, Any] = {"sheet": None, "row": None, "cell": None, "text": None, "depth": 0}
        table, office, text_ns, calcext = _TABLE + " ", _OFFICE + " ", _TEXT + " ", _CALCEXT + " "

        def repeat(attrs: dict[str, str], name: str) -> int:
            try:
                return max(int(attrs.get(table + name, "1")), 1)
            except ValueError:
                return 1

        def start(name: str, attrs: dict[str, str]) -> None:
            sheet: OdsSheet | None = state["sheet"]
            if name == table + "table":
                title = attrs.get(table + "name", "")
                state["sheet"] = self.book.setdefault(title, OdsSheet(title))
                state["pending_rows"] = 0
            elif sheet is None:
                return
            elif name == table + "table-row":
                state["row"] = []
                state["pending_cells"] = 0
                state["row_repeat"] = repeat(attrs, "number-rows-repeated")
            elif name in (table + "table-cell", table + "covered-table-cell") and state["row"] is not None:
                kind = attrs.get(office + "value-type")
                error = attrs.get(calcext + "value-type") == "error"
                state["cell"] = {"kind": kind, "attrs": attrs, "error": error,
                                 "repeat": repeat(attrs, "number-columns-repeated"), "paragraphs": []}
                spans = (repeat(attrs, "number-columns-spanned"), repeat(attrs, "number-rows-spanned"))
                if spans != (1, 1):
                    from openpyxl.utils import get_column_letter

                    first_col = len(state["row"]) + state["pending_cells"] + 1
                    first_row = len(sheet.lines) + state["pending_rows"] + 1
                    sheet.merged.append(f"{get_column_letter(first_col)}{first_row}:"
                                        f"{get_column_letter(first_col + spans[0] - 1)}{first_row + spans[1] - 1}")
            elif state["cell"] is not None:
                if name == text_ns + "p" and not state.get("skip"):
                    state["cell"]["paragraphs"].append([])
                elif name == office + "annotation":
                    state["skip"] = state.get("skip", 0) + 1
                elif state.get("skip"):
                    return
                elif name == text_ns + "s" and state["cell"]["paragraphs"]:
                    spaces = attrs.get(text_ns + "c", "1")
                    state["cell"]["paragraphs"][-1].append(" " * min(int(spaces) if spaces.isdigit() else 1, 1000))
                elif name == text_ns + "tab" and state["cell"]["paragraphs"]:
                    state["cell"]["paragraphs"][-1].append("\t")
                elif name == text_ns + "line-break" and state["cell"]["paragraphs"]:
                    state["cell"]["paragraphs"][-1].append("\n")

        def characters(data: str) -> None:
            found = state["cell"]
            if found is not None and found["paragraphs"] and not state.get("skip"):
                found["paragraphs"][-1].append(data)

        def end(name: str) -> None:
            sheet: OdsSheet | None = state["sheet"]
            if name == office + "annotation":
                state["skip"] = max(state.get("skip", 0) - 1, 0)
            elif name == table + "table":
                state["sheet"] = None
            elif sheet is None:
                return
            elif name in (table + "table-cell", table + "covered-table-cell") and state["cell"] is not None:
                found, state["cell"] = state["cell"], None
                value = _ods_value(found)
                if value.value is None:
                    state["pending_cells"] += found["repeat"]
                    return
                row = state["row"]
                width = len(row) + state["pending_cells"] + found["repeat"]
                if width > limits.columns:
                    raise SpreadsheetRefused("sheet_too_many_columns", sheet=sheet.title,
                                             row=len(sheet.lines) + state["pending_rows"] + 1,
                                             limit=_count(limits.columns))
                row.extend([_EMPTY] * state["pending_cells"])
                row.extend([value] * found["repeat"])
                state["pending_cells"] = 0
            elif name == table + "table-row" and state["row"] is not None:
                row, state["row"] = state["row"], None
                count = state["row_repeat"]
                if not row:
                    state["pending_rows"] += count
                    return
                number = len(sheet.lines) + state["pending_rows"] + count
                if number > limits.rows:
                    raise SpreadsheetRefused("sheet_too_many_rows", sheet=sheet.title,
                                             row=min(number, limits.rows + 1), limit=_count(limits.rows))
                self.cells += (state["pending_rows"] + count) * len(row)
                if self.cells > limits.cells:
                    raise SpreadsheetRefused("sheet_too_many_cells", sheet=sheet.title, row=len(sheet.lines) + 1,
                                             limit=_count(limits.cells))
                sheet.lines.extend([()] * state["pending_rows"])
                sheet.lines.extend([tuple(row)] * count)
                state["pending_rows"] = 0

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = characters
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)

    @property
    def sheetnames(self) -> list[str]:
        return list(self.book)

    @property
    def worksheets(self) -> list[OdsSheet]:
        return list(self.book.values())

    def merged_ranges(self) -> dict[str, list[str]]:
        return {sheet.title: sheet.merged for sheet in self.book.values() if sheet.merged}

    def rows(self, sheet: OdsSheet, values_only: bool = False) -> Iterator[tuple[Any, ...]]:
        for line in sheet.lines:
            yield tuple(cell.value for cell in line) if values_only else line

    def close(self) -> None:
        self.book = {}

    def __enter__(self) -> OdsBook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _ods_value(found: dict[str, Any]) -> OdsCell:
    attrs, kind = found["attrs"], found["kind"]
    text = "\n".join("".join(parts) for parts in found["paragraphs"])
    if found["error"]:
        return OdsCell(text or "#VALUE!", "e")
    if kind in ("float", "percentage", "currency"):
        raw = attrs.get(_OFFICE + " value", "")
        number = float(raw)
        if number.is_integer() and not any(mark in raw for mark in ".eE") and abs(number) < 2**53:
            return OdsCell(int(raw))
        return OdsCell(number)
    if kind == "date":
        raw = attrs.get(_OFFICE + " date-value", "")
        from datetime import datetime

        return OdsCell(datetime.fromisoformat(raw), "d")
    if kind == "time":
        return OdsCell(attrs.get(_OFFICE + " time-value", text), "s")
    if kind == "boolean":
        return OdsCell(attrs.get(_OFFICE + " boolean-value", "false") == "true", "b")
    if kind is None and not text:
        return _EMPTY
    value = attrs.get(_OFFICE + " string-value", text)
    return OdsCell(value if value != "" else None, "s")


def open_book(data: bytes, profile: str) -> BoundedBook | OdsBook:
    """Inspect and open an xlsx or an ods (known by its content) under the limits of ``profile`` (WORKBOOK or
    ENTRY_SHEET)."""
    if is_ods(data):
        return OdsBook(data, limits_for(profile))
    return BoundedBook(data, limits_for(profile))

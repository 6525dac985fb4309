"""The limits and the checks made before any spreadsheet library sees a file: the zip, every part inflated in
steps, the XML streamed without a tree (see the package's docstring)."""

from __future__ import annotations

import copy
import io
import posixpath
import zipfile
from dataclasses import dataclass, fields, replace
from typing import IO, Any
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from openpyxl.utils.cell import range_boundaries

WORKBOOK = "workbook"  # `govkpi load FILE.xlsx` (the operator)
ENTRY_SHEET = "entry_sheet"  # the reporter's upload of the entry sheet

MB = 1024 * 1024
CHUNK = 64 * 1024
RATIO_FLOOR = MB  # parts (and files) that inflate to less than this are not judged by their ratio
_XML_START = (b"<", b"\xef", b"\xfe", b"\xff", b"\x00")  # `<`, a UTF-8 or UTF-16 byte-order mark, UTF-16 text
_WHITESPACE = b" \t\r\n"
_DIGITS = "0123456789"


@dataclass(frozen=True)
class Limits:
    """What one spreadsheet may hold. Sizes in MiB (of 1,048,576 bytes); counts over the whole file except
    ``rows`` (per sheet) and ``columns`` (per row) and ``part_elements`` (per part)."""

    file_mb: float  # the file as uploaded or read (compressed)
    parts: int  # zip entries
    uncompressed_mb: float  # every part inflated, together
    ratio: float  # inflated / stored, for each part (and the file) that inflates to over 1 MiB
    rows: int  # rows of a sheet, and the highest row number
    columns: int  # cells of a row, and the highest column number
    cells: int  # cells of every sheet together
    shared_strings: int  # <si> entries of the shared-strings part
    shared_strings_mb: float  # the shared-strings part inflated
    elements: int  # XML elements of every part together
    part_elements: int  # XML elements of one part other than a worksheet or the shared strings (styles, workbook…)


DEFAULTS: dict[str, Limits] = {
    WORKBOOK: Limits(
        file_mb=64, parts=1_000, uncompressed_mb=256, ratio=100, rows=250_000, columns=1_024, cells=2_000_000,
        shared_strings=1_000_000, shared_strings_mb=64, elements=10_000_000, part_elements=250_000,
    ),
    ENTRY_SHEET: Limits(
        file_mb=5, parts=1_000, uncompressed_mb=32, ratio=100, rows=10_000, columns=256, cells=200_000,
        shared_strings=200_000, shared_strings_mb=16, elements=1_000_000, part_elements=100_000,
    ),
}
_FIELDS = {f.name: f.type for f in fields(Limits)}


def limits_for(profile: str) -> Limits:
    """The limits of a profile: the defaults, changed by ``settings.GOVKPI_SPREADSHEET_LIMITS`` (a dict
    ``{profile: {field: value}}``, or the environment's text ``profile.field=value,…``)."""
    found = DEFAULTS[profile]
    changes = _parse_setting(getattr(settings, "GOVKPI_SPREADSHEET_LIMITS", None)).get(profile, {})
    return replace(found, **changes) if changes else found


def _parse_setting(value: Any) -> dict[str, dict[str, float]]:
    if not value:
        return {}
    if isinstance(value, str):
        parsed: dict[str, dict[str, Any]] = {}
        for item in value.split(","):
            if item.strip():
                key, _, number = item.partition("=")
                profile, _, name = key.strip().partition(".")
                parsed.setdefault(profile, {})[name] = number.strip()
        value = parsed
    result: dict[str, dict[str, float]] = {}
    for profile, changes in value.items():
        if profile not in DEFAULTS or not all(name in _FIELDS for name in changes):
            raise ImproperlyConfigured(
                f"GOVKPI_SPREADSHEET_LIMITS: use {' or '.join(DEFAULTS)}.<{'|'.join(_FIELDS)}>=<number>"
            )
        try:
            result[profile] = {
                name: (float(number) if _FIELDS[name] == "float" else int(number)) for name, number in changes.items()
            }
        except (TypeError, ValueError) as error:
            raise ImproperlyConfigured(f"GOVKPI_SPREADSHEET_LIMITS: {error}") from error
    return result


class SpreadsheetRefused(Exception):
    """The spreadsheet is refused: ``code`` is a key of ``govkpi.workbook.messages.MESSAGES``, ``params`` its
    parameters; ``sheet`` and ``row`` say where, when known."""

    def __init__(self, code: str, *, sheet: str | None = None, row: int | None = None, **params: object) -> None:
        self.code, self.sheet, self.row, self.params = code, sheet, row, params
        super().__init__(code, sheet, row, params)


def _count(number: float) -> str:
    return f"{number:,.0f}"


def _mb(size: float) -> str:
    return f"{size / MB:,.1f}" if size < 10 * MB else f"{size / MB:,.0f}"


def _reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


# --- reading ------------------------------------------------------------------------------------------------------


def read_upload(source: bytes | IO[bytes] | Any, limits: Limits) -> bytes:
    """The bytes of an upload (an UploadedFile, a binary file or bytes), refused over ``file_mb`` before more than
    that is read."""
    limit = int(limits.file_mb * MB)
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        size = getattr(source, "size", None)
        if isinstance(size, int) and size > limit:
            raise _too_large(size, limits)
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limits)
    return data


def check_file_size(size: int, limits: Limits) -> None:
    """Refuse a file of ``size`` bytes before reading it (``govkpi load``)."""
    if size > limits.file_mb * MB:
        raise _too_large(size, limits)


def _too_large(size: int, limits: Limits) -> SpreadsheetRefused:
    return SpreadsheetRefused("sheet_file_too_large", size=_mb(size), limit=_mb(limits.file_mb * MB))


class _Totals:
    def __init__(self) -> None:
        self.elements = 0
        self.cells = 0


class _PartScan:
    """The expat handlers of one part: the root element says what the part is, and so what is counted."""

    def __init__(self, name: str, size: int, limits: Limits, totals: _Totals, parser: Any) -> None:
        self.name, self.size, self.limits, self.totals, self.parser = name, size, limits, totals, parser
        self.kind = "other"
        self.locals: dict[str, str] = {}
        self.letters: dict[str, int] = {}
        self.part_elements = 0
        self.rows = 0
        self.row = 0
        self.row_cells = 0
        self.strings = 0

    def _local(self, name: str) -> str:
        local = self.locals.get(name)
        if local is None:
            local = self.locals[name] = name.rpartition(":")[2]
        return local

    def _element(self) -> None:
        self.totals.elements += 1
        if self.totals.elements > self.limits.elements:
            raise SpreadsheetRefused("sheet_too_many_elements", part=self.name, limit=_count(self.limits.elements))

    def root(self, name: str, attrs: dict[str, str]) -> None:
        local = self._local(name)
        if local == "worksheet":
            self.kind = "worksheet"
            self.parser.StartElementHandler = self.worksheet
        elif local == "document-content":
            self.kind = "ods"
            self.parser.StartElementHandler = self.ods_content
        elif local == "sst":
            self.kind = "strings"
            if self.size > self.limits.shared_strings_mb * MB:
                raise SpreadsheetRefused(
                    "sheet_strings_too_large", part=self.name, size=_mb(self.size),
                    limit=_mb(self.limits.shared_strings_mb * MB),
                )
            self.parser.StartElementHandler = self.strings_part
        else:
            self.parser.StartElementHandler = self.other
        {"worksheet": self.worksheet, "strings": self.strings_part, "ods": self.ods_content}.get(
            self.kind, self.other)(name, attrs)

    def ods_content(self, name: str, attrs: dict[str, str]) -> None:
        """The content part of an .ods: its table rows and cells are counted as elements here; the repeats they
        declare (``number-rows-repeated``…) are bounded by :class:`OdsBook` as it expands them."""
        totals = self.totals
        totals.elements += 1
        if totals.elements > self.limits.elements:
            raise SpreadsheetRefused("sheet_too_many_elements", part=self.name, limit=_count(self.limits.elements))
        local = self.locals.get(name) or self._local(name)
        if local == "table-cell" or local == "covered-table-cell":
            totals.cells += 1
            self.row_cells += 1
            if totals.cells > self.limits.cells:
                raise SpreadsheetRefused("sheet_too_many_cells", row=self.row or None, limit=_count(self.limits.cells))
            if self.row_cells > self.limits.columns:
                raise SpreadsheetRefused("sheet_too_many_columns", row=self.row or None,
                                         limit=_count(self.limits.columns))
        elif local == "table-row":
            self.rows += 1
            self.row += 1
            self.row_cells = 0
            if self.rows > self.limits.rows:
                raise SpreadsheetRefused("sheet_too_many_rows", row=self.row, limit=_count(self.limits.rows))
        elif local == "table":
            self.rows = self.row = 0

    def other(self, name: str, attrs: dict[str, str]) -> None:
        self._element()
        self.part_elements += 1
        if self.part_elements > self.limits.part_elements:
            raise SpreadsheetRefused("sheet_too_many_elements", part=self.name, limit=_count(self.limits.part_elements))

    def strings_part(self, name: str, attrs: dict[str, str]) -> None:
        self._element()
        if self._local(name) == "si":
            self.strings += 1
            if self.strings > self.limits.shared_strings:
                raise SpreadsheetRefused("sheet_too_many_strings", limit=_count(self.limits.shared_strings))

    def worksheet(self, name: str, attrs: dict[str, str]) -> None:  # called for every element: kept lean
        totals = self.totals
        totals.elements += 1
        limits = self.limits
        if totals.elements > limits.elements:
            raise SpreadsheetRefused("sheet_too_many_elements", part=self.name, limit=_count(limits.elements))
        local = self.locals.get(name) or self._local(name)
        if local == "c":
            totals.cells += 1
            self.row_cells += 1
            if totals.cells > limits.cells:
                raise SpreadsheetRefused("sheet_too_many_cells", row=self.row or None, limit=_count(limits.cells))
            reference = attrs.get("r")
            column = self._column(reference) if reference else self.row_cells
            if column > limits.columns or self.row_cells > limits.columns:
                raise SpreadsheetRefused("sheet_too_many_columns", row=self.row or None, limit=_count(limits.columns))
        elif local == "row":
            self.rows += 1
            self.row_cells = 0
            self.row = _row_number(attrs.get("r"), self.row)
            if self.row > limits.rows or self.rows > limits.rows:
                raise SpreadsheetRefused("sheet_too_many_rows", row=self.row if self.row < 10**7 else None,
                                         limit=_count(limits.rows))
        elif local == "dimension":
            self._dimension(attrs.get("ref") or "")

    def _column(self, reference: str) -> int:
        letters = reference.rstrip(_DIGITS)
        column = self.letters.get(letters)
        if column is None:
            if len(self.letters) > 20_000:
                self.letters.clear()  # a cache, not a record
            column = 0
            for letter in letters.upper()[:4]:  # four letters are past any limit already
                column = column * 26 + (ord(letter) - 64 if "A" <= letter <= "Z" else 0)
            self.letters[letters] = column
        return column

    def _dimension(self, ref: str) -> None:
        try:
            _min_col, _min_row, max_col, max_row = range_boundaries(ref.upper().split(" ")[0])
        except (ValueError, TypeError, KeyError):
            return  # openpyxl refuses it in its own words
        if (max_row or 0) > self.limits.rows or (max_col or 0) > self.limits.columns:
            raise SpreadsheetRefused("sheet_dimension", ref=ref[:40], rows=_count(self.limits.rows),
                                     columns=_count(self.limits.columns))


def _row_number(text: str | None, previous: int) -> int:
    """The row number as openpyxl reads it (``r``, else the previous one + 1)."""
    if text is None:
        return previous + 1
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            return previous + 1  # openpyxl refuses it in its own words
        return int(number) if number.is_integer() else previous + 1


def _refuse_dtd(part: str) -> Any:
    def refuse(*_args: object) -> None:
        raise SpreadsheetRefused("sheet_xml_doctype", part=part)

    return refuse


def inspect(data: bytes, limits: Limits) -> None:
    """Check the zip and every part of an xlsx (steps 1 and 2 of the module); raises SpreadsheetRefused."""
    check_file_size(len(data), limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - zipfile raises many kinds for what is not a zip
        raise SpreadsheetRefused("not_xlsx", reason=_reason(error)) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.parts:
            raise SpreadsheetRefused("sheet_too_many_parts", count=_count(len(infos)), limit=_count(limits.parts))
        total = 0
        for info in infos:
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise SpreadsheetRefused("not_xlsx", reason=f"{info.filename}: compression method "
                                         f"{info.compress_type} (Excel files use deflate)")
            total += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
                raise _bomb(info.filename, info.file_size / max(info.compress_size, 1), limits)
        if total > limits.uncompressed_mb * MB:
            raise SpreadsheetRefused("sheet_unpacks_too_large", size=_mb(total), limit=_mb(limits.uncompressed_mb * MB))
        if total > RATIO_FLOOR and total > limits.ratio * len(data):
            raise _bomb("*", total / max(len(data), 1), limits)
        totals = _Totals()
        for info in infos:
            scan: list[_PartScan] = []
            try:
                _scan(archive, info, limits, totals, scan)
            except SpreadsheetRefused as refused:
                if refused.sheet is None and scan and scan[0].kind == "worksheet":
                    refused.sheet = _sheet_titles(archive).get(info.filename, info.filename)
                raise
            except Exception as error:  # noqa: BLE001 - a bad CRC, a damaged deflate stream, an encrypted part…
                raise SpreadsheetRefused("not_xlsx", reason=f"{info.filename}: {_reason(error)}") from None


def _bomb(part: str, ratio: float, limits: Limits) -> SpreadsheetRefused:
    return SpreadsheetRefused("sheet_compression_bomb", part=part, ratio=_count(ratio), limit=_count(limits.ratio))


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, totals: _Totals,
          scan: list[_PartScan]) -> None:
    """Inflate one part in steps, no more than it declares; parse it with expat when it is XML (its counting
    handlers are appended to ``scan``, so the caller knows what the part was)."""
    probe = copy.copy(info)
    probe.file_size = info.file_size + 1  # read one byte past the declared size: a part must not hold more
    seen = 0
    parser: Any = None
    with archive.open(probe) as stream:
        while chunk := stream.read(CHUNK):
            seen += len(chunk)
            if seen > info.file_size:
                raise SpreadsheetRefused("not_xlsx", reason=f"{info.filename}: larger than its zip entry declares")
            if parser is None and seen == len(chunk):
                head = chunk.lstrip(_WHITESPACE)
                if head and not head.startswith(_XML_START):
                    parser = False  # not XML (an image, printer settings): inflated and counted, not parsed
                else:
                    parser = _parser(info, limits, totals, scan)
            if parser:
                _feed(parser, info, chunk, False)
    if parser:
        _feed(parser, info, b"", True)


def _parser(info: zipfile.ZipInfo, limits: Limits, totals: _Totals, scans: list[_PartScan]) -> Any:
    parser = expat.ParserCreate()
    scan = _PartScan(info.filename, info.file_size, limits, totals, parser)
    scans.append(scan)
    refuse = _refuse_dtd(info.filename)
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = scan.root
    return parser


def _feed(parser: Any, info: zipfile.ZipInfo, data: bytes, final: bool) -> None:
    try:
        parser.Parse(data, final)
    except expat.ExpatError as error:
        if info.filename.lower().endswith(".vml"):
            return  # legacy drawings (comments' boxes) are loose XML that openpyxl does not read in read-only mode
        reason = f"{expat.ErrorString(error.code)} (line {error.lineno}, column {error.offset})"
        raise SpreadsheetRefused("sheet_xml_damaged", part=info.filename, reason=reason) from None


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name → sheet title, read from the workbook part and its relationships, to say where a refusal is."""
    from defusedxml.ElementTree import fromstring

    def small(name: str) -> bytes:
        info = archive.getinfo(name)
        if info.file_size > MB:
            raise ValueError(name)
        return archive.read(name)

    try:
        workbook = "xl/workbook.xml"
        for rel in fromstring(small("_rels/.rels")):
            if rel.get("Type", "").endswith("/officeDocument"):
                workbook = rel.get("Target", workbook).lstrip("/")
        folder, base = posixpath.split(workbook)
        targets = {}
        for rel in fromstring(small(posixpath.join(folder, "_rels", base + ".rels"))):
            target = rel.get("Target", "")
            targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
        titles = {}
        for element in fromstring(small(workbook)).iter():
            if element.tag.rpartition("}")[2] == "sheet":
                rid = next((value for key, value in element.attrib.items() if key.endswith("}id")), None)
                if rid in targets:
                    titles[targets[rid]] = element.get("name", "")
        return titles
    except Exception:  # noqa: BLE001 - only used to name the place of another error
        return {}

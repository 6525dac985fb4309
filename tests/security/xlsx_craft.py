"""Hand-built xlsx files (zipfile, no openpyxl): valid ones, and the bombs and broken files the readers must refuse."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="xl/workbook.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    b"</Relationships>"
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    b'<Relationship Id="rId2" Target="sharedStrings.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    b"</Relationships>"
)
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


def workbook_xml(title: str) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><workbook ' + MAIN + b' '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        b'<sheet name="' + title.encode() + b'" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def text(value: str) -> bytes:
    return b'<c t="inlineStr"><is><t>' + value.encode() + b"</t></is></c>"


def sheet_xml(rows: bytes, dimension: str | None = None, prolog: bytes = b"") -> bytes:
    dim = b'<dimension ref="' + dimension.encode() + b'"/>' if dimension else b""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>' + prolog + b"<worksheet " + MAIN + b">" + dim
        + b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )


def row(*cells: bytes, number: int | None = None) -> bytes:
    attribute = b' r="%d"' % number if number is not None else b""
    return b"<row" + attribute + b">" + b"".join(cells) + b"</row>"


def strings_xml(items: list[str]) -> bytes:
    body = b"".join(b"<si><t>" + item.encode() + b"</t></si>" for item in items)
    return b'<?xml version="1.0" encoding="UTF-8"?><sst ' + MAIN + b">" + body + b"</sst>"


def xlsx(
    sheet: bytes,
    title: str = "results",
    strings: bytes | None = None,
    parts: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A workbook of one sheet ``title`` (and shared strings, and any other parts), zipped by hand."""
    files = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook_xml(title),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        SHEET: sheet,
        STRINGS: strings if strings is not None else strings_xml([]),
    }
    files.update(parts or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, (2000, 1, 1, 0, 0, 0)), data,
                             compress_type=compression if name == SHEET else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def entry_sheet(*lines: list[object]) -> bytes:
    """A small valid entry sheet: the header of the download, then ``lines``."""
    header = ["indicator", "name", "unit", "status", "value", "numerator", "denominator", "note", "evidence_url",
              "confirm_jump"]
    rows = [row(*(text(name) for name in header), number=1)]
    for number, line in enumerate(lines, start=2):
        cells = [text(v) if isinstance(v, str) else b"<c><v>%s</v></c>" % str(v).encode() for v in line]
        rows.append(row(*cells, number=number))
    return xlsx(sheet_xml(b"".join(rows)))


def understate(data: bytes, part: str, declared: int) -> bytes:
    """Rewrite the zip so that ``part`` declares only ``declared`` bytes, with the CRC of those bytes: a reader that
    trusts the directory reads a clean prefix, openpyxl would inflate the whole stream in one call."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
        crc = zlib.crc32(archive.read(part)[:declared])
    out = bytearray(data)
    struct.pack_into("<I", out, info.header_offset + 14, crc)  # the local header
    struct.pack_into("<I", out, info.header_offset + 22, declared)
    central = struct.unpack_from("<I", out, out.rindex(b"PK\x05\x06") + 16)[0]  # the central directory
    while True:
        name_length, extra, comment = struct.unpack_from("<HHH", out, central + 28)
        if bytes(out[central + 46 : central + 46 + name_length]) == part.encode():
            break
        central += 46 + name_length + extra + comment
    struct.pack_into("<I", out, central + 16, crc)
    struct.pack_into("<I", out, central + 24, declared)
    return bytes(out)

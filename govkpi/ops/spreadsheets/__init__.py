"""The one way the project reads a spreadsheet it is given, and the one way it writes a spreadsheet for people:
`guard` (limits and the checks before any library sees a file), `books` (reading a checked xlsx or ods),
`writing` (formula-safe cells).

Reading (the province workbook of ``govkpi load`` and the reporter's entry sheet; anything later calls it too):
``open_book(data, profile)`` refuses a file before openpyxl sees it, and ``BoundedBook.rows`` streams the rows of a
sheet, stopping as soon as a cap is passed. Nothing is trusted that the file says about itself:

1. **The zip** (``zipfile``, before anything is inflated): the file's size, the number of parts, each part's declared
   size and compression ratio, their total; only *stored* and *deflate* parts (bzip2 and LZMA inflate without a
   bound in ``zipfile``, and Excel never writes them).
2. **Every part, inflated in 64 KiB steps** (memory stays flat): a part larger than its zip entry declares is
   refused (openpyxl would inflate it whole in one call); a part that looks like XML is parsed by expat with no
   tree: a DOCTYPE, an entity declaration or an external entity is refused at its first byte (as defusedxml does;
   openpyxl itself parses through defusedxml, ``openpyxl.DEFUSEDXML``), damaged or cut-short XML is refused, and the
   elements are counted — the rows, row numbers, cells and columns of each worksheet and its declared
   ``<dimension>``, the shared strings (``<si>``), the elements of every other part.
3. **While openpyxl streams the rows** (``read_only=True``, dimensions reset so a false ``<dimension>`` pads
   nothing): rows, row width and cells again, counted as openpyxl yields them (gaps and padding included).

Every refusal is a :class:`SpreadsheetRefused` with a message code of ``govkpi.workbook.messages.MESSAGES`` and,
where known, the sheet and row; any other exception of zipfile, expat or openpyxl becomes one too (``not_xlsx`` or
``xml_damaged``), never a crash. The caps are :data:`DEFAULTS` per profile, changed by the setting
``GOVKPI_SPREADSHEET_LIMITS`` (environment: ``workbook.rows=800000,entry_sheet.cells=300000``); see
docs/workbook.md, "Limits of a spreadsheet".

Writing: :func:`cell` makes a value safe for ``sheet.append`` in every xlsx the project writes (entry sheets, the
workbook export, open data): text is always a text cell (openpyxl would turn ``=…`` into a live formula), and text
that a spreadsheet would run as a formula by the rule of the CSV guard (:func:`govkpi.ops.csvsafe.is_formula`) also
carries Excel's quote prefix, so it stays text when someone edits the cell. The value itself is never changed (a
round trip gives the same text back); numbers, dates and empty cells are written as they are.
"""

from .books import BoundedBook, OdsBook, is_ods, open_book
from .guard import (
    DEFAULTS,
    ENTRY_SHEET,
    WORKBOOK,
    Limits,
    SpreadsheetRefused,
    check_file_size,
    inspect,
    limits_for,
    read_upload,
)
from .writing import cell, row

__all__ = [
    "DEFAULTS",
    "ENTRY_SHEET",
    "WORKBOOK",
    "BoundedBook",
    "Limits",
    "OdsBook",
    "SpreadsheetRefused",
    "cell",
    "check_file_size",
    "inspect",
    "is_ods",
    "limits_for",
    "open_book",
    "read_upload",
    "row",
]

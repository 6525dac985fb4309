"""CSV cells that spreadsheet programs will not run as formulas (OWASP "CSV injection").

A cell that begins with = + - @, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a
formula (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`). `safe_cell` puts a single quote before such text, which the
programs show as plain text. Numbers stay numbers: -5 and -1.25 are written as they are, because a number cannot
hold a formula. Every CSV the project writes passes its cells through `safe_cell` (or uses `writer`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # also full-width forms
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula(value: Any) -> bool:
    """The one rule (CSV here, xlsx in `govkpi.ops.spreadsheets.cell`): text that a spreadsheet would run."""
    return isinstance(value, str) and value.startswith(TRIGGERS) and not NUMBER.fullmatch(value)


def safe_cell(value: Any) -> Any:
    """The value to write in a CSV cell: text that a spreadsheet would run as a formula gets a leading quote."""
    return "'" + value if is_formula(value) else value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeWriter:
    """`csv.writer` whose every cell goes through `safe_cell`."""

    def __init__(self, handle: IO[str], **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle: IO[str], **options: Any) -> SafeWriter:
    return SafeWriter(handle, **options)

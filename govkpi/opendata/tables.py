"""Tables for people, written as XLSX and CSV: the downloads of the table pages and the open-data workbook.

A :class:`Table` holds its rows unrounded, with a :class:`Column` per column that says what kind of value it is.
The XLSX rounds for display as the pages do (scores to two decimals, shares as whole percentages, values whole or
with two decimals: shared/domain/scoring.md §6), shows dates with their Buddhist-Era year, sets column widths,
freezes the header row and puts filters on it; a last sheet says what the file is and the time of its data (“as
of”). The CSV keeps full precision and carries the time of the data in a column of every row. Headers are in the
active language; every text goes through the formula-safe writing of :mod:`govkpi.ops.spreadsheets`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook

from govkpi.audit.version import data_version
from govkpi.core.thai import BANGKOK, format_datetime
from govkpi.ops import csvsafe
from govkpi.ops.spreadsheets.writing import lay_out_table, styled

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BE_DATE = {"th": "[$-107041E]d mmmm yyyy", "en": "[$-1070409]d mmmm yyyy"}
"""Excel's Thai Buddhist calendar (calendar 07) with Thai or English month names: 20 กันยายน 2565."""
FORMATS = {"score": "0.00", "percent": "0%", "year": "0", "count": "#,##0", "number": "#,##0.##########"}
ROUNDING = {"score": 2, "percent": 2, "figure": 2}
WIDTH_MIN, WIDTH_MAX = 8, 60
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"  # text, score, percent, figure (a reported value), year, count, number, date


@dataclass
class Table:
    key: str  # the table's name in addresses (?table=goals)
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)


def as_of() -> dt.datetime:
    """The time of the data: the newest audit event (every write records one); now when nothing was written."""
    version = data_version()
    return version[1] if version is not None else timezone.now()


def language(request: HttpRequest) -> str:
    """The language the file is asked in (``?lang=th``), else the page's."""
    asked = request.GET.get("lang", "")
    return asked if asked in dict(settings.LANGUAGES) else (get_language() or settings.LANGUAGE_CODE)[:2]


def _finite(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _shown(value: Any, kind: str) -> tuple[Any, str | None]:
    """The cell's value and number format as people read it."""
    value = _finite(value)
    if value is None:
        return None, None
    if kind == "date":
        moment = dt.date.fromisoformat(value) if isinstance(value, str) else value
        return moment, BE_DATE["en" if get_language() == "en" else "th"]
    if kind == "figure" and isinstance(value, int | float):
        rounded = round(float(value), 2)
        return rounded, "#,##0" if rounded.is_integer() else "#,##0.00"
    if kind in ROUNDING and isinstance(value, int | float):
        return round(float(value), ROUNDING[kind]), FORMATS[kind]
    return value, FORMATS.get(kind)


def _width(column: Column, values: list[Any]) -> float:
    """Wide enough for the header and the values as shown (the first 2,000 rows), within 8 to 60 characters."""
    if column.kind == "date":
        return float(max(len(column.title) + 2, 20))
    shown = (_shown(value, column.kind)[0] for value in values[:2000])
    longest = max([len(column.title), *(len(f"{v:,}") if isinstance(v, int | float) else len(str(v))
                                        for v in shown if v is not None)])
    return float(min(max(longest + 2, WIDTH_MIN), WIDTH_MAX))


def sheet_title(title: str, taken: set[str]) -> str:
    """A valid, unused sheet name (31 characters, none of []:*?/\\)."""
    base = SHEET_NAME.sub(" ", title).strip()[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def write_table(book: Workbook, table: Table, taken: set[str]) -> None:
    sheet = book.create_sheet(sheet_title(table.title, taken))
    lay_out_table(sheet, [_width(c, [r[i] for r in table.rows]) for i, c in enumerate(table.columns)], len(table.rows))
    sheet.append([styled(sheet, column.title, bold=True) for column in table.columns])
    for line in table.rows:
        cells = []
        for column, value in zip(table.columns, line, strict=True):
            shown, number_format = _shown(value, column.kind)
            cells.append(styled(sheet, shown, number_format=number_format))
        sheet.append(cells)


def write_about(book: Workbook, title: str, source: str, moment: dt.datetime, taken: set[str],
                notes: Sequence[tuple[str, str]] = ()) -> None:
    """The last sheet: what the file is, where it comes from and the time of its data."""
    sheet = book.create_sheet(sheet_title(_("About this file"), taken))
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 80
    lang = "en" if get_language() == "en" else "th"
    lines = [(_("Title"), title), (_("Source"), source), (_("Data as of"), format_datetime(moment, lang)), *notes]
    for label, value in lines:
        sheet.append([styled(sheet, str(label), bold=True), styled(sheet, str(value))])


def to_xlsx(tables: Sequence[Table], title: str, source: str, moment: dt.datetime,
            extra: Any = None, notes: Sequence[tuple[str, str]] = ()) -> bytes:
    """The workbook: one sheet per table, then ``extra(book)`` (e.g. the machine sheet), then the About sheet."""
    book = Workbook(write_only=True)
    taken: set[str] = set()
    for table in tables:
        write_table(book, table, taken)
    if extra is not None:
        extra(book, taken)
    write_about(book, title, source, moment, taken, notes)
    book.properties.title = title
    book.properties.language = get_language() or settings.LANGUAGE_CODE
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_csv(table: Table, moment: dt.datetime) -> bytes:
    """Headers in the active language, every value unrounded, dates as ISO 8601, the data time in a last column."""
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.title for column in table.columns] + [_("Data as of")])
    stamp = moment.astimezone(BANGKOK).isoformat(timespec="seconds")
    for line in table.rows:
        values = [_finite(value) for value in line]
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in values] + [stamp])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def file_stamp(moment: dt.datetime) -> str:
    """The data time for a file name: ``20261203-1405`` (Bangkok time)."""
    return moment.astimezone(BANGKOK).strftime("%Y%m%d-%H%M")

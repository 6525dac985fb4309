"""Writing a spreadsheet for people: every text a text cell, never a formula (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..csvsafe import is_formula

BOLD = Font(bold=True)

# --- writing ------------------------------------------------------------------------------------------------------


def cell(sheet: Any, value: Any, *, number_format: str | None = None) -> Any:
    """``value`` ready for ``sheet.append`` (a normal or write-only sheet): text becomes a text cell, never a
    formula, with the quote prefix when a spreadsheet would run it (``=``, ``+``, ``-``, ``@``, tab, CR, LF, the
    full-width forms; not a plain number such as ``-5``). Other values are returned as they are."""
    if not isinstance(value, str):
        return value
    result = WriteOnlyCell(sheet, value)
    result.data_type = "s"
    if is_formula(value):
        result.quotePrefix = True
    if number_format is not None:
        result.number_format = number_format
    return result


def row(sheet: Any, values: Any) -> list[Any]:
    """Every value of a row through :func:`cell`."""
    return [cell(sheet, value) for value in values]


def styled(sheet: Any, value: Any, *, number_format: str | None = None, bold: bool = False) -> Any:
    """:func:`cell` for any value, always as a cell: with a number format (a score with two decimals, a date with its
    Buddhist-Era year) and bold type when asked."""
    result = cell(sheet, value) if isinstance(value, str) else WriteOnlyCell(sheet, value)
    if number_format is not None:
        result.number_format = number_format
    if bold:
        result.font = BOLD
    return result


def lay_out_table(sheet: Any, widths: Sequence[float], rows: int) -> None:
    """A table sheet as people expect it: column widths, the header row frozen, filters on the header.
    ``rows`` counts the data rows below the header. Call before the rows are written (write-only sheets)."""
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    if widths:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{rows + 1}"

"""Writing a spreadsheet for people: every text a text cell, never a formula (see the package's docstring)."""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell

from ..csvsafe import is_formula

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

"""The reporter's Excel sheet for (organisation, period): download pre-filled, fill offline, upload.

Row 1 names the columns in the page's language (:data:`~govkpi.workbook.messages.ENTRY_SHEET_COLUMNS`), one row
per due indicator below, its status in words.
Upload applies the same validation as the entry page, all or nothing; every error names its sheet row and its
column as the person sees it (name and letter) in the user's language. Row 1 may name the columns in Thai, in
English or by their codes (``value``, as sheets downloaded before did): all read the same. The upload is read by
:mod:`govkpi.ops.spreadsheets` under the limits of the ``entry_sheet`` profile (a compression bomb, a DOCTYPE, a
damaged file or a sheet over a limit is refused with the workbook loader's messages, never a crash); the download
writes every text through its formula-safe ``cell``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from govkpi.core.periods import Period
from govkpi.ops import spreadsheets
from govkpi.ops.spreadsheets import SpreadsheetRefused
from govkpi.orgs.models import OrgUnit
from govkpi.workbook.messages import ENTRY_SHEET_COLUMNS, ENTRY_SHEET_STATUSES, YES_NO, Problem
from govkpi.workbook.values import same

from . import actions
from .pages import EntryRow
from .validation import Entry, number

SHEET = "results"
COLUMNS = (
    "indicator",
    "name",
    "unit",
    "status",
    "value",
    "numerator",
    "denominator",
    "note",
    "evidence_url",
    "confirm_jump",
)
INPUTS = ("value", "numerator", "denominator", "note", "evidence_url", "confirm_jump")  # what a reporter fills in
NUMBERS = ("value", "numerator", "denominator")
TEXT_COLUMNS = tuple(name for name in COLUMNS if name not in NUMBERS)  # formatted as text, the whole column
LOCKED_FILL = PatternFill("solid", start_color="FFD9D9D9", end_color="FFD9D9D9")  # grey: approved or submitted
YES = {"yes", "y", "true", "1", "ใช่", "x", "✓"}
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS_CONTENT_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


WIDTHS = {"indicator": 14, "name": 48, "unit": 14, "status": 14, "note": 40, "evidence_url": 32, "confirm_jump": 20}
FIRST_ROW = 2  # the first indicator's row, below the columns' names


def column_label(code: str) -> str:
    """A column as the sheet names it in the active language ("denominator" → "ตัวหาร")."""
    return _(ENTRY_SHEET_COLUMNS[code]) if code in ENTRY_SHEET_COLUMNS else code


def _status_label(status: str) -> str:
    return _(ENTRY_SHEET_STATUSES[status]) if status in ENTRY_SHEET_STATUSES else status


def header_codes() -> dict[str, str]:
    """Every way row 1 may name a column → its code: the name in Thai or English (any case), the code itself."""
    names = {}
    for language in ("th", "en"):
        with translation.override(language):
            names.update({column_label(code).strip().casefold(): code for code in COLUMNS})
    return names | {code: code for code in COLUMNS}  # a code as itself, before any name that reads the same


def _column_code(codes: dict[str, str], text: str) -> str:
    return codes.get(text) or codes.get(text.casefold(), "")


@dataclass(frozen=True)
class SheetError:
    row: int | None  # None: the message says where itself (a refused file)
    column: str  # the column's code
    message: str
    letter: str | None = None  # the column's letter in the uploaded sheet

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        column = column_label(self.column) if self.column in ENTRY_SHEET_COLUMNS else self.column
        if self.letter:
            column = f"{column} ({self.letter})"
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": column,
            "message": self.message,
        }


def _lines(rows: list[EntryRow]) -> list[list[Any]]:
    """The sheet's rows as values in the order of COLUMNS, whichever format writes them."""
    lines = []
    for row in rows:
        result = row.result
        lines.append([
            row.indicator.code, row.indicator.name_th, row.indicator.unit, _status_label(row.status),
            result.value if result is not None and not row.is_ratio else None,
            result.numerator if result is not None else None,
            result.denominator if result is not None else None,
            result.note if result is not None else "",
            result.evidence_url if result is not None else "",
            "",
        ])
    return lines


def build(org: OrgUnit, period: Period, rows: list[EntryRow]) -> bytes:
    """The pre-filled sheet. Rows that can no longer be edited here (submitted, approved) are grey and their cells
    protected (the sheet is protected without a password; the other rows' input cells are unlocked); an upload
    ignores them unless their values were changed. Text columns are text for the whole column (a code typed below
    stays ``055``), and ``confirm_jump`` offers a yes/no list in the page's language. The names' row is frozen,
    with filters, and the columns are wide enough to read."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(spreadsheets.row(sheet, [column_label(name) for name in COLUMNS]))
    for line in _lines(rows):  # every text formula-safe: a note "=HYPERLINK(…)" is text, not a live formula
        sheet.append(spreadsheets.row(sheet, line))
    for target in sheet[1]:
        target.font = Font(bold=True)
    inputs = {COLUMNS.index(name) + 1 for name in INPUTS}
    for number_, row in enumerate(rows, start=FIRST_ROW):
        for column in range(1, len(COLUMNS) + 1):
            target = sheet.cell(row=number_, column=column)
            if COLUMNS[column - 1] in TEXT_COLUMNS:
                target.number_format = "@"
            if not row.editable:
                target.fill = LOCKED_FILL
            elif column in inputs:
                target.protection = Protection(locked=False)
    for column, name in enumerate(COLUMNS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(column)]
        dimension.width = WIDTHS.get(name, 14)
        if name in TEXT_COLUMNS:
            dimension.number_format = "@"
    last = len(rows) + FIRST_ROW - 1
    if rows:
        letter = get_column_letter(COLUMNS.index("confirm_jump") + 1)
        words = ",".join(_(word) for word in YES_NO)
        choice = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
        choice.add(f"{letter}{FIRST_ROW}:{letter}{last}")
        sheet.add_data_validation(choice)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    sheet.protection.sheet = True  # no password: it guides, it does not guard (the upload checks every row)
    sheet.protection.formatCells = False
    sheet.protection.formatColumns = False
    sheet.protection.autoFilter = False  # the filters work on the protected sheet
    sheet.freeze_panes = f"A{FIRST_ROW}"
    book.properties.title = f"{org.code} {period.code}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_ods(org: OrgUnit, period: Period, rows: list[EntryRow]) -> bytes:
    """The same sheet as :func:`build`, as an OpenDocument spreadsheet (LibreOffice's own format): the same
    columns (named in row 1 in the page's language), the same grey protected rows, text columns formatted as text,
    the same upload."""
    from govkpi.workbook.export import OdsSheetSpec, ods_bytes

    lines = _lines(rows)
    kinds = ["number" if name in NUMBERS else "text" for name in COLUMNS]
    locked = {index for index, row in enumerate(rows) if not row.editable}
    labels = [column_label(name) for name in COLUMNS]
    choices = {column_label("confirm_jump"): [_(word) for word in YES_NO]}
    spec = OdsSheetSpec(SHEET, labels, kinds, lines, choices, locked)
    return ods_bytes([spec])


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    return value


def _refused(refused: SpreadsheetRefused, name: str) -> SheetError:
    """A refusal in the workbook loader's words and places ("sheet results, row 10001: …", "file …: …")."""
    if refused.code == "not_xlsx":
        return SheetError(1, "-", _("This is not an Excel file (.xlsx) made from the entry sheet."))
    if refused.code == "not_ods":
        return SheetError(1, "-", _("This is not an OpenDocument spreadsheet (.ods) made from the entry sheet."))
    problem = Problem(refused.code, refused.params, refused.sheet, refused.row if refused.sheet else None,
                      sheet=True, file=name)
    return SheetError(None, "-", str(problem))


def read(data: Any) -> tuple[list[tuple[int, dict[str, Any]]], list[SheetError], dict[str, str]]:
    """The rows that hold something, by sheet row number; errors; each column's letter."""
    name = str(getattr(data, "name", "") or "sheet.xlsx")
    try:
        content = spreadsheets.read_upload(data, spreadsheets.limits_for(spreadsheets.ENTRY_SHEET))
        with spreadsheets.open_book(content, spreadsheets.ENTRY_SHEET) as book:
            if SHEET not in book.sheetnames:
                return [], [SheetError(1, "-", _("The sheet “results” is missing."))], {}
            lines = list(book.rows(book.book[SHEET], values_only=True))
    except SpreadsheetRefused as refused:
        return [], [_refused(refused, name)], {}
    codes = header_codes()
    header = [_column_code(codes, str(_cell(value) or "")) for value in (lines[0] if lines else ())]
    letters = {code: get_column_letter(index) for index, code in enumerate(header, start=1) if code}
    missing = [name for name in ("indicator", "value", "numerator", "denominator", "note") if name not in header]
    if missing:
        return [], [SheetError(1, name, _("This column is missing.")) for name in missing], letters
    records = []
    for number_, line in enumerate(lines[1:], start=2):
        values = {name: _cell(line[i]) if i < len(line) else None for i, name in enumerate(header) if name}
        if any(values.get(name) not in (None, "") for name in ("indicator", "value", "numerator", "denominator")):
            records.append((number_, values))
    return records, [], letters


def _stored(row: EntryRow, name: str) -> Any:
    if row.result is None or (name == "value" and row.is_ratio):
        return None
    return getattr(row.result, name)


def _differs(row: EntryRow, values: dict[str, Any]) -> bool:
    """Whether the sheet's row says something else than what is stored (numbers to 15 significant digits, so a
    sheet saved by LibreOffice is the same; text stripped; an empty cell and an empty text alike)."""
    for name in ("value", "numerator", "denominator"):
        if name == "value" and row.is_ratio:
            continue
        problems: dict[str, list[str]] = {}
        given = number(values.get(name), name, problems)
        if problems:
            return True
        stored = _stored(row, name)
        if (given is None) != (stored is None) or (given is not None and not same(float(given), float(stored))):
            return True
    for name in ("note", "evidence_url"):
        if str(values.get(name) or "").strip() != str(_stored(row, name) or "").strip():
            return True
    return False


def _keep_stored_numbers(row: EntryRow, entry: Entry) -> Entry:
    """A number that equals the stored one to 15 significant digits is the stored one (LibreOffice keeps 15)."""
    kept = {}
    for name in ("value", "numerator", "denominator"):
        given, stored = getattr(entry, name), _stored(row, name)
        if given is not None and stored is not None and given != stored and same(float(given), float(stored)):
            kept[name] = stored
    return replace(entry, **kept) if kept else entry


def _locked_message(row: EntryRow) -> str:
    if row.status == "approved":
        return _("This result is approved and can no longer be changed from the sheet. To correct it, ask the "
                 "province administrator to reopen it (on the result's history page), then upload the sheet again.")
    return _("This result is submitted and waits for approval. To change it, ask the approver to return it to you, "
             "then upload the sheet again.")


@transaction.atomic
def apply(
    data: Any, org: OrgUnit, period: Period, rows: list[EntryRow], *, acting_user: AbstractBaseUser, channel: str
) -> tuple[int, list[SheetError]]:
    """Save the sheet's rows as drafts; (how many changed, errors). Any error → nothing is saved."""
    records, errors, letters = read(data)
    by_code = {row.indicator.code: row for row in rows}
    changed = 0
    for line, values in records:
        code = str(values.get("indicator") or "")
        row = by_code.get(code)
        if row is None:
            errors.append(
                SheetError(
                    line, "indicator", _("%(code)s is not due for this organisation and period.") % {"code": code},
                    letters.get("indicator"),
                )
            )
            continue
        problems: dict[str, list[str]] = {}
        if not row.editable:
            if not _differs(row, values):
                continue  # a submitted or approved row sent back as it was downloaded: nothing to do
            errors.append(SheetError(line, "status", _locked_message(row), letters.get("status")))
            continue
        entry = Entry(
            value=number(values.get("value"), "value", problems) if not row.is_ratio else None,
            numerator=number(values.get("numerator"), "numerator", problems),
            denominator=number(values.get("denominator"), "denominator", problems),
            note=str(values.get("note") or ""),
            evidence_url=str(values.get("evidence_url") or ""),
            confirm_jump=str(values.get("confirm_jump") or "").strip().lower() in YES,
        )
        entry = _keep_stored_numbers(row, entry)
        if not problems:
            try:
                outcome = actions.save_draft(
                    indicator=row.indicator,
                    org=org,
                    period=period.code,
                    entry=entry,
                    acting_user=acting_user,
                    channel=channel,
                )
                changed += len(outcome.changed_ids)
            except ValidationError as error:
                problems = error.message_dict
            except actions.TransitionError:
                problems = {"status": [_("This result can no longer be changed.")]}
        for column, messages in problems.items():
            errors.extend(SheetError(line, column, message, letters.get(column)) for message in messages)
    if errors:
        transaction.set_rollback(True)
        return 0, errors
    return changed, []

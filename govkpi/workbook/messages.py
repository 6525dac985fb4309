"""What the workbook loader says when something is wrong, in the user's language.

A :class:`Problem` keeps a message code and its parameters, not text: it is rendered with ``gettext`` when shown, so
the same error reads in Thai (the default) or English (``--lang en``). English msgids live in :data:`MESSAGES`; their
Thai translations in ``locale/th/LC_MESSAGES/django.po``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext, gettext_noop

from govkpi.results.rules import MESSAGES as RESULT_MESSAGES

MAX_PROBLEMS = 500

MESSAGES: dict[str, str] = {
    **RESULT_MESSAGES,  # a result's rules read the same from a workbook, a form or the API
    # the file as a whole
    "unknown_format": gettext_noop("unknown file type “%(ext)s”: use .xlsx, .json or .yaml (or .ods)"),
    "unreadable": gettext_noop("cannot read the file: %(reason)s"),
    "not_xlsx": gettext_noop("not a readable Excel workbook (.xlsx): %(reason)s"),
    "not_ods": gettext_noop("not a readable OpenDocument spreadsheet (.ods): %(reason)s"),
    "code_as_number": gettext_noop(
        "“%(value)s” is a number in a code column: a spreadsheet may have dropped its leading zeros (055 → 55); "
        "format the column as text and type the code again"),
    # the limits of a spreadsheet (govkpi.ops.spreadsheets): the workbook and the reporter's entry sheet
    "sheet_file_too_large": gettext_noop("the file is %(size)s MB, more than the %(limit)s MB allowed"),
    "sheet_too_many_parts": gettext_noop("the file holds %(count)s parts, more than the %(limit)s allowed"),
    "sheet_unpacks_too_large": gettext_noop("the file unpacks to %(size)s MB, more than the %(limit)s MB allowed"),
    "sheet_compression_bomb": gettext_noop(
        "%(part)s unpacks to %(ratio)s times its packed size (at most %(limit)s): refused as a compression bomb"
    ),
    "sheet_xml_doctype": gettext_noop("%(part)s declares a DOCTYPE or an entity, which an Excel file never needs"),
    "sheet_xml_damaged": gettext_noop("%(part)s is damaged or cut short: %(reason)s"),
    "sheet_dimension": gettext_noop(
        "the sheet declares its size as %(ref)s, more than %(rows)s rows or %(columns)s columns"
    ),
    "sheet_too_many_rows": gettext_noop("the sheet has more than %(limit)s rows"),
    "sheet_too_many_columns": gettext_noop("the row has more than %(limit)s columns"),
    "sheet_too_many_cells": gettext_noop("the file has more than %(limit)s cells"),
    "sheet_too_many_strings": gettext_noop("the file has more than %(limit)s shared texts"),
    "sheet_strings_too_large": gettext_noop(
        "the shared texts (%(part)s) unpack to %(size)s MB, more than the %(limit)s MB allowed"
    ),
    "sheet_too_many_elements": gettext_noop("%(part)s has more than %(limit)s XML elements"),
    "bad_json": gettext_noop("not valid JSON: %(reason)s"),
    "bad_yaml": gettext_noop("not valid YAML: %(reason)s"),
    "not_object": gettext_noop("the file must hold one object whose keys are table names"),
    "unknown_table": gettext_noop("unknown table “%(name)s”"),
    "unknown_table_hint": gettext_noop("unknown table “%(name)s”; did you mean “%(hint)s”?"),
    "not_list": gettext_noop("a table must be a list of rows"),
    "row_not_object": gettext_noop("a row must be an object of column names and values"),
    # columns and cells
    "unknown_column": gettext_noop("unknown column “%(name)s” (free notes go in columns whose name starts with x_)"),
    "unknown_column_hint": gettext_noop("unknown column “%(name)s”; did you mean “%(hint)s”?"),
    "notes_not_kept": gettext_noop("this table cannot keep notes yet: remove the column “%(name)s”"),
    "duplicate_column": gettext_noop("the column “%(name)s” appears twice"),
    "unnamed_column": gettext_noop("there are values in a column without a name in row 1"),
    "merged_cells": gettext_noop("merged cells %(range)s: unmerge them, one value per cell"),
    "formula_error": gettext_noop("the cell holds the formula error %(value)s"),
    "required": gettext_noop("a value is required"),
    "not_single_value": gettext_noop("expected a single value, not a list or an object"),
    "not_integer": gettext_noop("“%(value)s” is not a whole number"),
    "below_minimum": gettext_noop("%(value)s is too small: it must be at least %(minimum)s"),
    "not_year": gettext_noop("“%(value)s” is not a year"),
    "ce_year": gettext_noop("%(value)s looks like a Christian-era year; use the Buddhist-Era year (%(be)s)"),
    "bad_date": gettext_noop("“%(value)s” is not a date (use 2022-09-20 or 20/9/2565)"),
    "ce_date": gettext_noop(
        "“%(value)s” has a Christian-era year; write the Buddhist-Era year (20/9/2565) or ISO (2022-09-20)"
    ),
    "be_iso_date": gettext_noop(
        "“%(value)s”: ISO dates use Christian-era years (2022-09-20); write 20/9/2565 for a Buddhist-Era date"
    ),
    "bad_json_object": gettext_noop("“%(value)s” is not a JSON object such as {\"IIT\": 29.85, \"EIT\": 29.3}"),
    "bad_code": gettext_noop("“%(value)s” is not a code: use lower-case letters, digits and _"),
    # references
    "unknown_org": gettext_noop("no organisation with code %(value)s in the file or the database"),
    "unknown_parent": gettext_noop("no parent organisation with code %(value)s in the file or the database"),
    "unknown_goal": gettext_noop("no goal with code %(value)s in the file or the database"),
    "unknown_indicator": gettext_noop("no indicator with code %(value)s in the file or the database"),
    "unknown_sdg": gettext_noop("%(value)s is not an SDG target or indicator (such as 1.2 or 3.6.1)"),
    "cycle": gettext_noop("the organisation tree would have a cycle: %(path)s"),
    "duplicate_key": gettext_noop("the same %(key)s is given in row %(first)s"),
    # rules between cells
    "thresholds_up": gettext_noop(
        "thresholds must rise strictly for higher_is_better: level%(level)s (%(first)s) must be below "
        "level%(next)s (%(second)s)"
    ),
    "thresholds_down": gettext_noop(
        "thresholds must fall strictly for lower_is_better: level%(level)s (%(first)s) must be above "
        "level%(next)s (%(second)s)"
    ),
    "weight": gettext_noop("the weight must be above 0, not %(value)s"),
    "policy_order": gettext_noop("at_risk_from (%(at_risk)s) must not be above achieved_from (%(achieved)s)"),
    "policy_min_coverage": gettext_noop("min_coverage (%(value)s) must be a share from 0 to 1, e.g. 0.25"),
    "bad_time": gettext_noop("“%(value)s” is not a time of day (use 24-hour 10:00)"),
    "date_outside_year": gettext_noop("%(value)s is not in fiscal year %(year)s (1 October – 30 September)"),
    # assessments against their framework (assessment_checks)
    "fw_unknown_framework": gettext_noop("there is no configuration for framework %(framework)s in %(year)s"),
    "fw_unknown_component": gettext_noop("“%(name)s” is not a component of this framework (use: %(allowed)s)"),
    "fw_component_out_of_range": gettext_noop("%(name)s = %(value)s is outside %(low)s…%(high)s"),
    "fw_score_out_of_range": gettext_noop("the score %(value)s is outside %(low)s…%(high)s"),
    "fw_unknown_level": gettext_noop("“%(level)s” is not a level of this framework (use: %(allowed)s)"),
    "fw_rank_group_not_member": gettext_noop(
        "the organisation %(org)s is not in the peer group %(group)s (its groups: %(groups)s)"
    ),
}

LOCATIONS = {
    "file": gettext_noop("file %(file)s"),
    "sheet": gettext_noop("sheet %(table)s"),
    "sheet_row": gettext_noop("sheet %(table)s, row %(row)s"),
    "sheet_cell": gettext_noop("sheet %(table)s, row %(row)s, column %(column)s (%(letter)s)"),
    "table": gettext_noop("table %(table)s"),
    "table_row": gettext_noop("table %(table)s, row %(row)s"),
    "table_cell": gettext_noop("table %(table)s, row %(row)s, column %(column)s"),
}

ENTRY_SHEET_COLUMNS: dict[str, str] = {
    # the reporter's entry sheet (govkpi.results.sheet): its columns as people read them, in row 2 and in errors
    "indicator": gettext_noop("Indicator code"),
    "name": gettext_noop("Indicator name"),
    "unit": gettext_noop("Unit"),
    "status": gettext_noop("Status"),
    "value": gettext_noop("Value"),
    "numerator": gettext_noop("Numerator"),
    "denominator": gettext_noop("Denominator"),
    "note": gettext_noop("Note"),
    "evidence_url": gettext_noop("Evidence link"),
    "confirm_jump": gettext_noop("Large change confirmed"),
}
ENTRY_SHEET_STATUSES: dict[str, str] = {
    "missing": gettext_noop("Not entered"),
    "draft": gettext_noop("Draft"),
    "submitted": gettext_noop("Submitted"),
    "returned": gettext_noop("Returned"),
    "approved": gettext_noop("Approved"),
}
YES_NO = (gettext_noop("yes"), gettext_noop("no"))

MORE = gettext_noop("… and %(count)s more errors")
OR = gettext_noop(" or ")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook: where (table, row, column) and what (a code of MESSAGES, params)."""

    code: str
    params: dict[str, object] = field(default_factory=dict)
    table: str | None = None
    row: int | None = None
    column: str | None = None
    letter: str | None = None  # the spreadsheet column letter, for xlsx
    sheet: bool = False  # xlsx: say "sheet", else "table"
    file: str | None = None

    def location(self) -> str:
        if self.table is None:
            return gettext(LOCATIONS["file"]) % {"file": self.file or "?"}
        prefix = "sheet" if self.sheet else "table"
        if self.row is None:
            return gettext(LOCATIONS[prefix]) % {"table": self.table}
        if self.column is None:
            return gettext(LOCATIONS[f"{prefix}_row"]) % {"table": self.table, "row": self.row}
        if self.sheet and self.letter:
            values = {"table": self.table, "row": self.row, "column": self.column, "letter": self.letter}
            return gettext(LOCATIONS["sheet_cell"]) % values
        return gettext(LOCATIONS["table_cell"]) % {"table": self.table, "row": self.row, "column": self.column}

    def message(self) -> str:
        return gettext(MESSAGES[self.code]) % self.params

    def __str__(self) -> str:
        return f"{self.location()}: {self.message()}"


class Problems:
    """Collects problems, keeping the first MAX_PROBLEMS and counting the rest."""

    def __init__(self, file: str | None = None, sheet: bool = False) -> None:
        self.items: list[Problem] = []
        self.more = 0
        self.file = file
        self.sheet = sheet
        self.letters: dict[str, dict[str, str]] = {}  # table → column → letter (xlsx)

    def add(
        self,
        code: str,
        table: str | None = None,
        row: int | None = None,
        column: str | None = None,
        **params: object,
    ) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.more += 1
            return
        letter = self.letters.get(table or "", {}).get(column or "") if self.sheet else None
        self.items.append(Problem(code, params, table, row, column, letter, self.sheet, self.file))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items) + self.more


class WorkbookError(Exception):
    """The workbook has problems; nothing was written. ``problems`` lists them (at most MAX_PROBLEMS)."""

    def __init__(self, problems: Problems) -> None:
        self.problems = list(problems.items)
        self.more = problems.more
        super().__init__(f"{len(self.problems) + self.more} problem(s) in the workbook")

    @property
    def count(self) -> int:
        return len(self.problems) + self.more

    def messages(self) -> list[str]:
        """Every problem as one line in the active language, and a last line for those left out."""
        lines = [str(problem) for problem in self.problems]
        if self.more:
            lines.append(gettext(MORE) % {"count": self.more})
        return lines


def join_or(words: Iterable[str]) -> str:
    """`a, b or c` in the active language (for lists of allowed words)."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + gettext(OR) + items[-1]

"""`/api/v1/workbook`: load a whole province workbook (workbook.md, the `.json` format), and the one helper every
catalogue write goes through.

* ``POST /workbook?dry_run=`` — the body is the workbook exactly as a `.json` file for ``govkpi load``; all or
  nothing, through :func:`govkpi.workbook.actions.load_workbook` (channel ``api``). 200: the load report; 400
  ``invalid_workbook`` with ``problems``, each located (table, row, column) and in the request's language; 413 over
  ``GOVKPI_MAX_UPLOAD_MB``. Province administrators only.

:func:`put_row` upserts one row of one table by building a one-table workbook and loading it, so a ``PUT`` on
``/orgs``, ``/goals``, ``/indicators``, ``/criteria`` or ``/policies`` is validated, audited and followed by the same
side effects (tree paths) as a file.
"""

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from govkpi.accounts.permissions import is_province_admin
from govkpi.core.results import unstorable
from govkpi.workbook.actions import LoadReport, load_workbook
from govkpi.workbook.messages import MESSAGES, Problem, Problems, WorkbookError
from govkpi.workbook.readers import read_json_workbook, read_spreadsheet
from govkpi.workbook.schema import EXTRA_PREFIX, LIST_SEPARATOR, TABLES, Column, Type
from govkpi.workbook.values import Invalid, as_text

from ..http import ApiError, ErrorDetail, ErrorOut, invalid, unstorable_refused

router = Router()

WORKBOOK_NAME = "api.json"


# --- schemas ------------------------------------------------------------------------------------------------------


class TableCountsOut(Schema):
    created: int
    updated: int
    unchanged: int


class LoadReportOut(Schema):
    tables: dict[str, TableCountsOut] = Field(description="Per table, in loading order: rows created, updated and "
                                                          "left unchanged (or that would be, on a dry run).")
    sha256: str = Field(description="SHA-256 of the body as sent.")
    dry_run: bool
    changed: bool = Field(description="Whether anything was (or, on a dry run, would be) created or updated.")


class ProblemOut(Schema):
    table: str | None = Field(description="The table, or null for the workbook as a whole.")
    row: int | None = Field(description="The row: its position in the table's list, from 1.")
    column: str | None
    code: str = Field(description="What is wrong, as a stable code (required, not_number, unknown_org, …).")
    message: str = Field(description="The located message, as `govkpi load` prints it, in the request's language.")


class WorkbookErrorDetail(ErrorDetail):
    problems: list[ProblemOut] = Field(default_factory=list, description="Every problem of the workbook.")
    more: int = Field(0, description="Problems beyond the first 500, not listed.")


class WorkbookErrorOut(Schema):
    error: WorkbookErrorDetail


# --- the body as documented in OpenAPI ----------------------------------------------------------------------------

_NUMBER = "A number, or text in Arabic or Thai digits (`1,234.5`, `๑,๒๓๔.๕`)."


def column_schema(column: Column, nullable: bool) -> dict[str, Any]:
    """A column as JSON Schema: what the loader accepts (cells may be text or numbers, as in a spreadsheet); null is
    an empty cell."""
    kind = column.type
    if kind is Type.CHOICE:
        schema: dict[str, Any] = {"type": "string", "enum": list(column.choices)}
    elif kind is Type.NUMBER and column.choices:
        schema = {"enum": [*(int(float(c)) for c in column.choices), *column.choices]}
    elif kind is Type.NUMBER:
        schema = {"type": ["number", "string"], "description": _NUMBER}
    elif kind is Type.INT:
        schema = {"type": ["integer", "string"], "description": "A whole number."}
    elif kind is Type.YEAR:
        schema = {"type": ["integer", "string"], "description": "A Buddhist-Era year, such as 2565."}
    elif kind is Type.PERIOD:
        schema = {"type": ["string", "integer"], "description": "2565, 2565-H1, 2565-Q1 … Q4 or 2565-M01 … M12."}
    elif kind is Type.DATE:
        schema = {"type": "string", "description": "2022-09-20 or 20/9/2565."}
    elif kind is Type.LIST:
        schema = {"type": ["array", "string", "number"], "items": {"type": ["string", "number"]},
                  "description": f"Codes: a JSON array, or text separated by `{LIST_SEPARATOR}`."}
    elif kind is Type.URL:
        schema = {"type": "string", "description": "A web address starting with http:// or https://."}
    elif kind is Type.JSON:
        schema = {"type": ["object", "string"], "description": "A JSON object (or its text)."}
    else:
        schema = {"type": ["string", "number"]}
    if nullable:
        if "enum" in schema:
            schema["enum"].append(None)
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            schema["type"] = [*types, "null"]
    return schema


def row_schema(table_name: str, from_path: tuple[str, ...] = (), extra_object: bool = False) -> dict[str, Any]:
    """One row of a workbook table as JSON Schema: its columns (those in ``from_path`` optional: the path gives them),
    and free notes in columns whose name starts with ``x_`` (or, with ``extra_object``, in an ``extra`` object, for
    a single row: then the required columns are required; in a workbook a row whose cells are all empty is
    skipped, so they are only named in the description)."""
    table = TABLES[table_name]
    needed = [column.name for column in table.columns if column.required and column.name not in from_path]
    schema: dict[str, Any] = {
        "type": "object",
        "description": f"Key: {', '.join(table.key)}. Required: {', '.join(needed) or '-'}. A row whose cells are "
                       "all empty is skipped.",
        "properties": {column.name: column_schema(column, not (extra_object and column.name in needed))
                       for column in table.columns},
        "patternProperties": {f"^{EXTRA_PREFIX}": {"description": "A free note, kept and exported back."}},
        "additionalProperties": False,
    }
    for name in from_path:
        schema["properties"][name]["description"] = "Taken from the path; if given, it must be the same."
    if extra_object:
        schema["properties"]["extra"] = {"type": ["object", "null"], "propertyNames": {"pattern": f"^{EXTRA_PREFIX}"},
                                         "description": "Free notes: x_ names → values (or give them as columns)."}
    if extra_object and needed:
        schema["required"] = needed
    return schema


EXAMPLE = {
    "org_units": [
        {"code": "54", "name_th": "จังหวัดแพร่", "name_en": "Phrae", "kind": "province"},
        {"code": "5401", "name_th": "อำเภอเมืองแพร่", "kind": "district", "parent": "54",
         "groups": ["regional_administration", "district"]},
    ],
    "goals": [{"code": "G01", "title_th": "เศรษฐกิจฐานรากเข้มแข็ง", "sdg": ["1.2", "8.5"], "owner": "54"}],
    "indicators": [
        {"code": "G01-01", "goal": "G01", "name_th": "ร้อยละครัวเรือนยากจนที่ได้รับการช่วยเหลือ", "unit": "ร้อยละ",
         "direction": "higher_is_better", "aggregation": "ratio", "period_type": "quarter", "responsible": ["5401"]},
    ],
    "criteria": [
        {"fiscal_year": 2565, "indicator": "G01-01", "weight": 1, "level1": 60, "level2": 70, "level3": 80,
         "level4": 90, "level5": 100, "target": 80},
    ],
    "results": [{"indicator": "G01-01", "org": "5401", "period": "2565-Q1", "numerator": 45, "denominator": 50,
                 "x_source": "สำรวจ"}],
}

WORKBOOK_BODY = {
    "description": "A province workbook in the `.json` format of `govkpi load` (workbook.md): one object whose keys "
                   "are table names, each a list of row objects keyed by column name. Every table is optional; rows "
                   "are added or updated by key, never deleted.",
    "required": True,
    "content": {"application/json": {
        "schema": {
            "type": ["object", "null"],
            "properties": {name: {"type": ["array", "null"], "items": row_schema(name)} for name in TABLES},
            "additionalProperties": False,
            "description": "An empty object (or null) is an empty workbook.",
        },
        "example": EXAMPLE,
    },
        # the same workbook as a spreadsheet file: the same contract, limits and messages as `govkpi load`
        "application/vnd.oasis.opendocument.spreadsheet": {"schema": {"type": "string", "format": "binary"}},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            "schema": {"type": "string", "format": "binary"}},
    },
}
SPREADSHEET_TYPES = {
    "application/vnd.oasis.opendocument.spreadsheet": "api.ods",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "api.xlsx",
}


def put_responses(out: Any) -> dict[int, Any]:
    """The responses of a ``PUT`` of one row: 201 created, 200 changed or unchanged, 413 a body too large."""
    return {200: out, 201: out, 413: ErrorOut}


def row_body(table_name: str, key: tuple[str, ...], example: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI request body of a ``PUT`` of one row (the key from the path)."""
    return {"requestBody": {
        "description": f"One row of the workbook table `{table_name}` (workbook.md); its key "
                       f"({', '.join(key) or 'in the body'}) from the path when given there. The row is replaced: "
                       "a column left out is empty, as in a file.",
        "required": True,
        "content": {"application/json": {"schema": row_schema(table_name, key, True), "example": example}},
    }}


# --- reading and loading ------------------------------------------------------------------------------------------


def require_admin(request: HttpRequest) -> None:
    if not is_province_admin(request.user):
        raise PermissionDenied


def read_body(request: HttpRequest) -> bytes:
    """The request's body, refused with 413 over ``GOVKPI_MAX_UPLOAD_MB`` before more than that is read."""
    megabytes = settings.GOVKPI_MAX_UPLOAD_MB
    limit = megabytes * 1024 * 1024
    too_large = ApiError(413, "too_large", _("The body is larger than %(mb)s MB.") % {"mb": megabytes})
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise too_large
    data = request.body if hasattr(request, "_body") else request.read(limit + 1)
    if len(data) > limit:
        raise too_large
    return data


def load(document: bytes | dict[str, Any], request: HttpRequest, *, dry_run: bool = False,
         name: str = WORKBOOK_NAME) -> LoadReport:
    """Read and load a `.json` workbook (bytes or parsed) as the token's user; WorkbookError if anything is wrong.
    Text no database can store (NUL, a lone surrogate) is refused before anything is read into rows."""
    parsed: Any = document
    if isinstance(document, bytes):
        try:
            parsed = json.loads(document)
        except (ValueError, UnicodeDecodeError):
            parsed = None  # not JSON: the reader says so, in the loader's words
    if unstorable(parsed):
        raise unstorable_refused()
    problems = Problems()
    raw = read_json_workbook(document, problems, name)
    if problems:
        raise WorkbookError(problems)
    return load_workbook(raw, acting_user=request.user, channel="api", dry_run=dry_run)


def notes(extra: dict[str, Any] | None) -> dict[str, Any]:
    """The x_ notes of a row's ``extra`` (what the workbook exports back), without what other parts keep there."""
    return {name: value for name, value in (extra or {}).items() if name.startswith(EXTRA_PREFIX)}


def problem_out(problem: Problem) -> dict[str, Any]:
    return {"table": problem.table, "row": problem.row, "column": problem.column, "code": problem.code,
            "message": str(problem)}


def report_out(report: LoadReport) -> dict[str, Any]:
    return {**report.as_dict(), "dry_run": report.dry_run, "changed": report.changed}


def _text(value: Any) -> str | None:
    try:
        return as_text(value)
    except Invalid:
        return None


def put_row(request: HttpRequest, table_name: str, key: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    """Upsert one row of ``table_name`` from the request's body (a row object; ``key`` from the path wins, and
    notes may also come in an ``extra`` object). Returns whether it was created, and the row as loaded. Row
    problems → 400 ``invalid`` with ``fields`` keyed by column."""
    require_admin(request)
    try:
        row = json.loads(read_body(request) or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "bad_json", _("The body is not valid JSON.")) from None
    if not isinstance(row, dict):
        raise ApiError(400, "bad_json", _("The body must be a JSON object."))
    extra = row.pop("extra", None)
    if isinstance(extra, dict):
        row = {**{str(name): value for name, value in extra.items()}, **row}
    elif extra is not None:
        raise invalid({"extra": [_("Must be an object of x_ notes.")]})
    for name, value in key.items():
        given = row.get(name)
        if given is not None and _text(given) != str(value):
            raise invalid({name: [_("Does not match the address: leave it out or give the same value.")]})
        row[name] = value
    if all(value is None or value == "" for value in row.values()):  # the loader skips an empty row
        message = gettext(MESSAGES["required"])
        raise invalid({column.name: [message] for column in TABLES[table_name].columns if column.required})
    try:
        report = load({table_name: [row]}, request, name=f"api-{table_name}.json")
    except WorkbookError as error:
        fields: dict[str, list[str]] = {}
        for problem in error.problems:
            fields.setdefault(problem.column or "__all__", []).append(problem.message())
        raise invalid(fields) from None
    return report.tables[table_name].created > 0, row


# --- the endpoint -------------------------------------------------------------------------------------------------


@router.post(
    "",
    response={200: LoadReportOut, 400: WorkbookErrorOut, 413: ErrorOut},
    summary="Load a province workbook (JSON)",
    description="All or nothing: a workbook with any problem loads nothing and answers 400 `invalid_workbook` with "
                "every problem located (table, row, column) in the request's language, as `govkpi load` prints "
                "them. `dry_run=true` checks everything and reports what would change, writing nothing. Province "
                "administrators only; the body may be at most `GOVKPI_MAX_UPLOAD_MB` (413 beyond).",
    openapi_extra={"requestBody": WORKBOOK_BODY},
)
def load_json_workbook(request: HttpRequest, dry_run: bool = False) -> Any:
    require_admin(request)
    unknown = sorted(set(request.GET) - {"dry_run"})
    if unknown:  # a mistyped ?dry-run=true must not load for real
        raise invalid({name: [_("Unknown parameter.")] for name in unknown})
    data = read_body(request)
    name = SPREADSHEET_TYPES.get(request.content_type or "", WORKBOOK_NAME)
    try:
        if name == WORKBOOK_NAME:
            report = load(data, request, dry_run=dry_run)
        else:  # an .ods or .xlsx body: read as `govkpi load` reads the file
            problems = Problems()
            raw = read_spreadsheet(data, problems, name)
            if problems:
                raise WorkbookError(problems)
            report = load_workbook(raw, acting_user=request.user, channel="api", dry_run=dry_run)
    except WorkbookError as error:
        message = _("%(count)d error(s) in %(file)s; nothing was loaded.") % {"count": error.count,
                                                                               "file": name}
        detail = {"code": "invalid_workbook", "message": message,
                  "problems": [problem_out(problem) for problem in error.problems], "more": error.more}
        return Status(400, {"error": detail})
    return report_out(report)

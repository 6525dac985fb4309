"""`/api/v1/assessments`: external assessments (ITA, GECC, PMQA, moral …) and the readiness checklists before them.

Public, as on the assessment pages:

* ``GET /assessments?framework=&fiscal_year=&org=&under=&ordering=`` — the results as recorded
* ``GET /assessments/{id}`` — one result, with what the framework computes from it (``computed``)
* ``GET /assessments/summary?framework=&fiscal_year=&group=`` — exactly what `govkpi assess` prints as JSON

With a token, through the same actions as the web (audited, channel ``api``):

* ``POST /assessments`` → 201 (new) or 200 (replaced); ``PUT /assessments/{id}`` — province administrators, who
  alone record results (in the admin pages)
* ``GET /assessments/readiness?framework=&fiscal_year=`` — progress of the organisations visible to you
* ``GET /assessments/checklist?framework=&fiscal_year=&org=`` — one organisation's items (who can view it)
* ``POST /assessments/checklist`` — evidence link and self-check of one item (the organisation's reporter)
* ``POST /assessments/checklist/confirm`` — confirm or withdraw an item (an approver of or above it)
"""

from datetime import datetime
from typing import Annotated, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from govkpi.accounts.permissions import can_approve, can_enter, is_province_admin, visible_org, visible_orgs
from govkpi.assessments import actions
from govkpi.assessments.errors import AssessmentError, error_message
from govkpi.assessments.models import Assessment, ChecklistEntry
from govkpi.assessments.readiness import checklist, overview
from govkpi.assessments.services import as_json, assess, framework_rows, get_framework
from govkpi.core.frameworks import Framework, FrameworkError
from govkpi.orgs.models import OrgUnit

from ..http import PUBLIC, ApiError, PageNumber, Rows, invalid, not_found, ordering_type, responses
from ._records import fiscal_year_param, ordered_nulls_last, sees_notes, subtree

router = Router()


# --- results ------------------------------------------------------------------------------------------------------


class AssessmentOut(Schema):
    id: int
    framework: str
    fiscal_year: int
    org: str
    org_name_th: str
    org_name_en: str
    score: float | None
    level: str
    components: dict[str, Any] | list[Any] | None
    rank: int | None
    rank_group: str
    note: str | None = Field(None, description="Province administrators only; null for everyone else.")


class AssessmentComputedOut(Schema):
    org: str
    score: float | None
    level: str | None
    passed: bool | None
    ranks: dict[str, int]
    published_rank: int | None
    published_level: str | None
    flags: list[str]


class AssessmentDetail(AssessmentOut):
    computed: AssessmentComputedOut | None = Field(None, description="What the framework makes of it; null without a "
                                                          "configuration for the framework year.")


class AssessmentFilters(FilterSchema):
    framework: str | None = Field(None, description="ita, gecc, pmqa, moral or a configured code.")
    fiscal_year: int | None = Field(None, ge=0, le=32767)
    org: Annotated[str | None, FilterLookup("org__code")] = Field(None, description="Organisation code.")
    under: str | None = Field(None, description="Organisation code: that organisation and every one below it.")

    def filter_under(self, value: str | None) -> Any:
        return subtree("org", value)


ORDERING = {"score": "score", "rank": "rank", "org": "org__code", "fiscal_year": "fiscal_year"}


def serialize(assessment: Assessment, notes: bool = False) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "framework": assessment.framework,
        "fiscal_year": assessment.fiscal_year,
        "org": assessment.org.code,
        "org_name_th": assessment.org.name_th,
        "org_name_en": assessment.org.name_en,
        "score": assessment.score,
        "level": assessment.level,
        "components": assessment.components,
        "rank": assessment.rank,
        "rank_group": assessment.rank_group,
        "note": assessment.note if notes else None,
    }


def _detail(request: HttpRequest, assessment: Assessment) -> dict[str, Any]:
    body = serialize(assessment, sees_notes(request))
    try:
        rows = framework_rows(get_framework(assessment.framework, assessment.fiscal_year))
    except FrameworkError:
        body["computed"] = None
    else:
        row = next((row for row in rows if row.org == assessment.org.code), None)
        body["computed"] = None if row is None else as_json(row)
    return body


def _assessment(pk: int) -> Assessment:
    found = Assessment.objects.select_related("org").filter(pk=pk).first()
    if found is None:
        raise not_found()
    return found


@router.get("", response=list[AssessmentOut], auth=PUBLIC, summary="List assessment results")
@paginate(PageNumber)
def list_assessments(
    request: HttpRequest,
    filters: AssessmentFilters = Query(...),  # noqa: B008
    ordering: ordering_type(*ORDERING) | None = None,  # type: ignore[valid-type]
) -> Any:
    notes = sees_notes(request)
    rows = filters.filter(Assessment.objects.select_related("org"))
    rows = ordered_nulls_last(rows, ordering, ORDERING, ("framework", "-fiscal_year", "org__code", "id"))
    return Rows(rows, lambda row: serialize(row, notes))


class AssessmentSummaryQuery(Schema):
    framework: str = Field(..., description="ita, gecc, pmqa, moral or a configured code.")
    fiscal_year: str = Field(..., description="Buddhist-Era fiscal year.")
    group: str | None = Field(None, description="Only the organisations of this peer group.")


class AssessmentSummaryOut(Schema):
    framework: str
    fiscal_year: int
    summary: dict[str, Any]
    organisations: list[AssessmentComputedOut]


@router.get("/summary", response=responses(AssessmentSummaryOut), auth=PUBLIC,
            summary="Computed totals, levels, ranks and flags of a framework year (govkpi assess)")
def summary(request: HttpRequest, query: AssessmentSummaryQuery = Query(...)) -> Any:  # noqa: B008
    year = fiscal_year_param(query.fiscal_year)
    try:
        return assess(query.framework, year, query.group or None)
    except AssessmentError as error:
        if error.code == "unknown_group":
            raise invalid({"group": [error_message(error)]}) from error
        raise ApiError(404, "not_found", error_message(error)) from error


@router.get("/{int:pk}", response=responses(AssessmentDetail), auth=PUBLIC, summary="One assessment result")
def get_assessment(request: HttpRequest, pk: int) -> Any:
    return _detail(request, _assessment(pk))


Finite = Annotated[float, Field(allow_inf_nan=False)]


class AssessmentFields(Schema):
    score: Finite | None = Field(None, description="Total score as published.")
    level: str | None = Field(None, description="Level as published.")
    components: dict[str, Finite] | None = Field(None, description='Component scores, e.g. {"IIT": 29.85}.')
    rank: int | None = Field(None, ge=1, le=1_000_000, description="Rank as published.")
    rank_group: str | None = Field(None, description="The peer group the published rank is within.")
    note: str | None = None


class AssessmentIn(AssessmentFields):
    framework: str = Field(..., min_length=1, max_length=32)
    fiscal_year: int = Field(..., ge=2400, le=2700)
    org: str = Field(..., min_length=1, description="Organisation code.")


def _admin_only(request: HttpRequest) -> None:
    if not is_province_admin(request.user):
        raise PermissionDenied


def _record(
    request: HttpRequest, framework: str, fiscal_year: int, org: OrgUnit, fields: AssessmentFields
) -> Assessment:
    assessment = actions.record_assessment(
        framework=framework,
        fiscal_year=fiscal_year,
        org=org,
        score=fields.score,
        level=(fields.level or "").strip(),
        components=fields.components,
        rank=fields.rank,
        rank_group=(fields.rank_group or "").strip(),
        note=fields.note or "",
        acting_user=request.user,
        channel="api",
    )
    return Assessment.objects.select_related("org").get(pk=assessment.pk)


@router.post("", response={200: AssessmentDetail, 201: AssessmentDetail},
             summary="Record (or replace) a published result")
def record(request: HttpRequest, payload: AssessmentIn) -> Any:
    _admin_only(request)
    org = OrgUnit.objects.filter(code=payload.org.strip()).first()
    if org is None:
        raise invalid({"org": [_("No organisation has this code.")]})
    framework = payload.framework.strip()
    exists = Assessment.objects.filter(framework=framework, fiscal_year=payload.fiscal_year, org=org).exists()
    assessment = _record(request, framework, payload.fiscal_year, org, payload)
    return Status(200 if exists else 201, _detail(request, assessment))


@router.put("/{int:pk}", response=responses(AssessmentDetail), summary="Replace a published result")
def replace(request: HttpRequest, pk: int, payload: AssessmentFields) -> Any:
    assessment = _assessment(pk)
    _admin_only(request)
    return _detail(request, _record(request, assessment.framework, assessment.fiscal_year, assessment.org, payload))


# --- readiness checklists -----------------------------------------------------------------------------------------


def _checklist_framework(code: str, year: int) -> Framework:
    try:
        framework = get_framework(code, year)
    except AssessmentError as error:
        raise ApiError(404, "not_found", error_message(error)) from error
    if not framework.checklist:
        raise not_found()
    return framework


def _visible_org(request: HttpRequest, code: str) -> OrgUnit:
    org = visible_org(request.user, code)
    if org is None:
        raise not_found()
    return org


class ReadinessOut(Schema):
    org: str
    org_name_th: str
    total: int
    checked: int
    confirmed: int
    share: float
    state: str


class ReadinessQuery(Schema):
    framework: str = Field(..., description="A framework with a checklist (ita: O1…O43).")
    fiscal_year: str = Field(..., description="Buddhist-Era fiscal year.")


@router.get("/readiness", response=responses(list[ReadinessOut]),
            summary="Checklist progress of the organisations visible to you")
def readiness(request: HttpRequest, query: ReadinessQuery = Query(...)) -> Any:  # noqa: B008
    framework = _checklist_framework(query.framework, fiscal_year_param(query.fiscal_year))
    return [
        {
            "org": row.org.code,
            "org_name_th": row.org.name_th,
            "total": row.total,
            "checked": row.checked,
            "confirmed": row.confirmed,
            "share": row.share,
            "state": str(row.state),
        }
        for row in overview(framework, visible_orgs(request.user))
    ]


class ChecklistItemOut(Schema):
    code: str
    name_th: str
    name_en: str
    component: str
    evidence_url: str
    evidence_name: str
    has_file: bool
    self_checked: bool
    confirmed: bool
    confirmed_by: str | None
    confirmed_at: datetime | None
    note: str
    updated_at: datetime | None


class ChecklistOut(Schema):
    framework: str
    fiscal_year: int
    org: str
    can_enter: bool
    can_approve: bool
    total: int
    checked: int
    confirmed: int
    items: list[ChecklistItemOut]


def _item(code: str, name_th: str, name_en: str, component: str, entry: ChecklistEntry | None,
          users: dict[int, str]) -> dict[str, Any]:
    return {
        "code": code,
        "name_th": name_th,
        "name_en": name_en,
        "component": component,
        "evidence_url": entry.evidence_url if entry else "",
        "evidence_name": entry.evidence_name if entry else "",
        "has_file": bool(entry and entry.evidence_file),
        "self_checked": bool(entry and entry.self_checked),
        "confirmed": bool(entry and entry.confirmed),
        "confirmed_by": users.get(entry.confirmed_by_id) if entry and entry.confirmed_by_id else None,
        "confirmed_at": entry.confirmed_at if entry else None,
        "note": entry.note if entry else "",
        "updated_at": entry.updated_at if entry else None,
    }


def _usernames(entries: list[ChecklistEntry]) -> dict[int, str]:
    ids = {entry.confirmed_by_id for entry in entries if entry.confirmed_by_id}
    if not ids:
        return {}
    return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))


def _checklist_body(request: HttpRequest, framework: Framework, org: OrgUnit) -> dict[str, Any]:
    items = checklist(framework, org)
    by_code = {item.code: item for item in framework.checklist}
    users = _usernames([item["entry"] for item in items if item["entry"]])
    rows = [
        _item(item["code"], by_code[item["code"]].name_th, by_code[item["code"]].name_en, item["component"],
              item["entry"], users)
        for item in items
    ]
    return {
        "framework": framework.code,
        "fiscal_year": framework.fiscal_year,
        "org": org.code,
        "can_enter": can_enter(request.user, org),
        "can_approve": can_approve(request.user, org),
        "total": len(rows),
        "checked": sum(row["self_checked"] for row in rows),
        "confirmed": sum(row["confirmed"] for row in rows),
        "items": rows,
    }


class ChecklistQuery(ReadinessQuery):
    org: str = Field(..., description="Organisation code.")


@router.get("/checklist", response=responses(ChecklistOut), summary="One organisation's readiness checklist")
def get_checklist(request: HttpRequest, query: ChecklistQuery = Query(...)) -> Any:  # noqa: B008
    framework = _checklist_framework(query.framework, fiscal_year_param(query.fiscal_year))
    return _checklist_body(request, framework, _visible_org(request, query.org))


class ChecklistItemKey(Schema):
    framework: str = Field(..., min_length=1)
    fiscal_year: int = Field(..., ge=2400, le=2700)
    org: str = Field(..., min_length=1, description="Organisation code.")
    item: str = Field(..., min_length=1, description="Checklist item code, e.g. O1.")


class ChecklistItemIn(ChecklistItemKey):
    evidence_url: str = Field("", max_length=1000, description="A link to the evidence (http or https).")
    self_checked: bool = Field(False, description="The organisation meets the item (needs evidence).")
    note: str = ""


class ChecklistConfirmIn(ChecklistItemKey):
    confirmed: bool = Field(True, description="false withdraws a confirmation.")


def _entry_body(request: HttpRequest, framework: Framework, entry: ChecklistEntry) -> dict[str, Any]:
    config = next(item for item in framework.checklist if item.code == entry.item)
    return _item(config.code, config.name_th, config.name_en, config.component, entry, _usernames([entry]))


@router.post("/checklist", response=responses(ChecklistItemOut),
             summary="Save the evidence and self-check of one checklist item")
def save_item(request: HttpRequest, payload: ChecklistItemIn) -> Any:
    framework = _checklist_framework(payload.framework, payload.fiscal_year)
    org = _visible_org(request, payload.org)
    if not can_enter(request.user, org):
        raise PermissionDenied
    url = payload.evidence_url.strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as error:
            raise invalid({"evidence_url": [_("Enter a valid link (http:// or https://).")]}) from error
    item = payload.item.strip()
    try:
        entry = actions.save_checklist_entry(
            framework=framework.code,
            fiscal_year=framework.fiscal_year,
            org=org,
            item=item,
            evidence_url=url,
            self_checked=payload.self_checked,
            note=payload.note,
            acting_user=request.user,
            channel="api",
        )
    except ValidationError as error:
        known = any(config.code == item for config in framework.checklist)
        raise invalid({"__all__" if known else "item": list(error.messages)}) from error
    return _entry_body(request, framework, entry)


@router.post("/checklist/confirm", response=responses(ChecklistItemOut), summary="Confirm (or withdraw) a checked item")
def confirm_item(request: HttpRequest, payload: ChecklistConfirmIn) -> Any:
    framework = _checklist_framework(payload.framework, payload.fiscal_year)
    org = _visible_org(request, payload.org)
    if not can_approve(request.user, org):
        raise PermissionDenied
    entry = ChecklistEntry.objects.filter(
        framework=framework.code, fiscal_year=framework.fiscal_year, org=org, item=payload.item.strip()
    ).first()
    if entry is None:
        raise not_found()
    entry = actions.confirm_checklist_entry(entry, confirmed=payload.confirmed, acting_user=request.user,
                                            channel="api")
    return _entry_body(request, framework, entry)

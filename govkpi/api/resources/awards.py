"""`/api/v1/awards`: the awards registry. Reads are public, as on the awards page; writes are for province
administrators, as in the registry pages, through the same form rules and the same action (audited, channel
``api``).

* ``GET  /awards?fiscal_year=&category=&recipient=&under=&ordering=``
* ``GET  /awards/{id}``
* ``POST /awards`` → 201 · ``PUT /awards/{id}`` — every field, as the registry's form (certificates: web only)
"""

import datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from govkpi.accounts.permissions import is_province_admin
from govkpi.awards.actions import save_award
from govkpi.awards.choices import AwardCategory
from govkpi.awards.forms import AwardForm
from govkpi.awards.models import Award
from govkpi.awards.pages import expiry

from ..http import PUBLIC, PageNumber, Rows, field_errors, invalid, not_found, ordering_type, responses
from ._records import ordered_nulls_last, sees_notes, subtree

router = Router()


class AwardOut(Schema):
    id: int
    fiscal_year: int
    category: str
    category_label: str
    title_th: str
    title_en: str
    issuer: str
    recipient: str
    recipient_name_th: str
    recipient_name_en: str
    level: str
    date: datetime.date | None
    quantity: int
    expires: datetime.date | None = Field(None, description="When a certificate with a validity period runs out.")
    assessment: int | None = Field(None, description="The id of the assessment result that earned it.")
    note: str | None = Field(None, description="Province administrators only; null for everyone else.")


class AwardFilters(FilterSchema):
    fiscal_year: int | None = Field(None, ge=0, le=32767)
    category: AwardCategory | None = None
    recipient: Annotated[str | None, FilterLookup("recipient__code")] = Field(None, description="Organisation code.")
    under: str | None = Field(None, description="Organisation code: awards of that organisation and those below it.")

    def filter_under(self, value: str | None) -> Any:
        return subtree("recipient", value)


ORDERING = {"date": "date", "fiscal_year": "fiscal_year", "category": "category"}
DEFAULT_ORDER = ("fiscal_year", "category", "recipient__code", "title_th", "id")


def serialize(award: Award, notes: bool = False) -> dict[str, Any]:
    labels = dict(AwardCategory.choices)
    return {
        "id": award.pk,
        "fiscal_year": award.fiscal_year,
        "category": award.category,
        "category_label": str(labels.get(award.category, award.category)),
        "title_th": award.title_th,
        "title_en": award.title_en,
        "issuer": award.issuer,
        "recipient": award.recipient.code,
        "recipient_name_th": award.recipient.name_th,
        "recipient_name_en": award.recipient.name_en,
        "level": award.level,
        "date": award.date,
        "quantity": award.quantity,
        "expires": expiry(award),
        "assessment": award.assessment_id,
        "note": award.note if notes else None,
    }


@router.get("", response=list[AwardOut], auth=PUBLIC, summary="List awards")
@paginate(PageNumber)
def list_awards(
    request: HttpRequest,
    filters: AwardFilters = Query(...),  # noqa: B008
    ordering: ordering_type(*ORDERING) | None = None,  # type: ignore[valid-type]
) -> Any:
    notes = sees_notes(request)
    rows = filters.filter(Award.objects.select_related("recipient"))
    return Rows(ordered_nulls_last(rows, ordering, ORDERING, DEFAULT_ORDER), lambda row: serialize(row, notes))


def _award(pk: int) -> Award:
    award = Award.objects.select_related("recipient").filter(pk=pk).first()
    if award is None:
        raise not_found()
    return award


@router.get("/{int:pk}", response=responses(AwardOut), auth=PUBLIC, summary="One award")
def get_award(request: HttpRequest, pk: int) -> Any:
    return serialize(_award(pk), sees_notes(request))


class AwardIn(Schema):
    fiscal_year: int = Field(..., description="Buddhist-Era fiscal year (2400–2700).")
    category: AwardCategory
    title_th: str
    title_en: str = ""
    issuer: str
    recipient: str = Field(..., description="Organisation code.")
    level: str = ""
    date: datetime.date | None = Field(None, description="Date given (YYYY-MM-DD).")
    quantity: int = Field(1, description="Certificates given as one batch (at least 1).")
    note: str = ""
    link_assessment: bool = Field(False, description="Link the recipient's assessment result of this category and "
                                                     "year.")


def _save(request: HttpRequest, award: Award | None, payload: AwardIn) -> Award:
    if not is_province_admin(request.user):
        raise PermissionDenied
    data = payload.model_dump()
    data["category"] = str(payload.category.value)
    data["date"] = payload.date.isoformat() if payload.date else ""
    form = AwardForm(data)  # the registry's own rules and messages
    if not form.is_valid():
        raise invalid({name: [str(message) for message in messages] for name, messages in form.errors.items()})
    try:
        saved = save_award(award, **form.cleaned_data, acting_user=request.user, channel="api")
    except ValidationError as error:
        raise invalid(field_errors(error)) from error
    return _award(saved.pk)


@router.post("", response={201: AwardOut}, summary="Record an award")
def create_award(request: HttpRequest, payload: AwardIn) -> Any:
    return Status(201, serialize(_save(request, None, payload), notes=True))


@router.put("/{int:pk}", response=responses(AwardOut), summary="Change an award")
def change_award(request: HttpRequest, pk: int, payload: AwardIn) -> Any:
    return serialize(_save(request, _award(pk), payload), notes=True)

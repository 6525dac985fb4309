"""`/api/v1/results`: the results workflow (issue 3 item 10), through the same actions as the web pages.

* ``GET  /results?indicator=&org=&period=&fiscal_year=&status=&ordering=`` — without a token, approved results
  (what the public site shows); with one, every result of the organisations visible to you
* ``POST /results`` ``{indicator, org, period, value | numerator + denominator, note, evidence_url, confirm_jump}``
  → 201 (a new draft) or 200 (a draft or returned result changed)
* ``GET  /results/{id}`` — with ``history``
* ``POST /results/{id}/submit`` · ``/approve`` ``{comment?}`` · ``/return`` ``{comment}`` · ``/reopen`` ``{reason}``
"""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from govkpi.accounts.permissions import can_view, visible_orgs
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from govkpi.results import actions
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result, ResultEvent
from govkpi.results.validation import Entry, number

from ..http import PUBLIC, PageNumber, Rows, is_anonymous, not_found, ordered, ordering_type, responses

router = Router()

Number = float | int | str | None  # numbers may come as text: "1,234.5", Thai digits


class ResultOut(Schema):
    id: int
    indicator: str
    org: str
    period: str
    fiscal_year: int
    value: float | None
    numerator: float | None
    denominator: float | None
    status: str
    note: str
    evidence_url: str
    created_at: datetime
    updated_at: datetime


class EventOut(Schema):
    step: str
    who: str
    when: datetime
    from_: str | None = Field(None, alias="from")
    to: str
    comment: str
    changes: Any
    channel: str


class ResultDetail(ResultOut):
    history: list[EventOut]


class ResultIn(Schema):
    indicator: str = Field("", description="Indicator code (required).")
    org: str = Field("", description="Organisation code (required).")
    period: str = Field("", description="Required: 2565, 2565-H1, 2565-Q1 or 2565-01 (fiscal months, BE).")
    value: Number = None
    numerator: Number = None
    denominator: Number = None
    note: str = ""
    evidence_url: str = ""
    confirm_jump: bool = Field(False, description="Confirm a value far from the previous period's.")


class CommentIn(Schema):
    comment: str = ""


class ReasonIn(Schema):
    reason: str = ""


class ResultFilters(FilterSchema):
    indicator: Annotated[str | None, FilterLookup("indicator__code")] = Field(None, description="Indicator code.")
    org: Annotated[str | None, FilterLookup("org__code")] = Field(None, description="Organisation code.")
    period: str | None = None
    fiscal_year: int | None = Field(None, ge=0, le=32767)
    status: ResultStatus | None = None


ORDERING = {"id": "id", "period": "period", "updated_at": "updated_at", "indicator": "indicator__code",
            "org": "org__code"}


def serialize(result: Result) -> dict[str, Any]:
    return {
        "id": result.pk,
        "indicator": result.indicator.code,
        "org": result.org.code,
        "period": result.period,
        "fiscal_year": result.fiscal_year,
        "value": result.value,
        "numerator": result.numerator,
        "denominator": result.denominator,
        "status": result.status,
        "note": result.note,
        "evidence_url": result.evidence_url,
        "created_at": result.created_at,
        "updated_at": result.updated_at,
    }


def serialize_event(event: ResultEvent) -> dict[str, Any]:
    return {
        "step": event.step,
        "who": event.actor_label,
        "when": event.at,
        "from": event.from_status or None,
        "to": event.to_status,
        "comment": event.comment,
        "changes": event.changes,
        "channel": event.channel,
    }


def _with_history(result: Result) -> dict[str, Any]:
    body = serialize(result)
    body["history"] = [serialize_event(event) for event in result.events.order_by("at", "id")]
    return body


def visible_results(request: HttpRequest) -> Any:
    rows = Result.objects.select_related("indicator", "org")
    if is_anonymous(request):
        return rows.filter(status=ResultStatus.APPROVED)
    return rows.filter(org__in=visible_orgs(request.user))


def _visible_result(request: HttpRequest, pk: int) -> Result:
    result = visible_results(request).filter(pk=pk).first()  # already limited to what the caller may see
    if result is None:
        raise not_found()
    return result


@router.get("", response=list[ResultOut], auth=PUBLIC, summary="List results")
@paginate(PageNumber)
def list_results(
    request: HttpRequest,
    filters: ResultFilters = Query(...),  # noqa: B008
    ordering: ordering_type(*ORDERING) | None = None,  # type: ignore[valid-type]
) -> Any:
    rows = filters.filter(visible_results(request))
    return Rows(ordered(rows, ordering, ORDERING, ("id",)), serialize)


@router.post("", response={200: ResultOut, 201: ResultOut, **responses(ResultOut, extra=(409,))},
             summary="Save a draft result")
def create_result(request: HttpRequest, payload: ResultIn) -> Any:
    errors: dict[str, list[str]] = {}
    for name in ("indicator", "org", "period"):
        if not getattr(payload, name).strip():
            errors.setdefault(name, []).append(_("This field is required."))
    indicator = Indicator.objects.filter(code=payload.indicator.strip()).first()
    if indicator is None and "indicator" not in errors:
        errors["indicator"] = [_("No indicator has this code.")]
    org = OrgUnit.objects.filter(code=payload.org.strip()).first()
    if org is None and "org" not in errors:
        errors["org"] = [_("No organisation has this code.")]
    entry = Entry(
        value=number(payload.value, "value", errors),
        numerator=number(payload.numerator, "numerator", errors),
        denominator=number(payload.denominator, "denominator", errors),
        note=payload.note,
        evidence_url=payload.evidence_url,
        confirm_jump=payload.confirm_jump,
    )
    if org is not None and not can_view(request.user, org):
        raise not_found()
    if errors:
        raise ValidationError(errors)
    outcome = actions.save_draft(
        indicator=indicator, org=org, period=payload.period.strip(), entry=entry, acting_user=request.user,
        channel="api",
    )
    return Status(201 if outcome.created else 200, serialize(outcome.result))


@router.get("/{int:pk}", response=responses(ResultDetail), auth=PUBLIC, by_alias=True,
            summary="One result, with its history")
def get_result(request: HttpRequest, pk: int) -> Any:
    return _with_history(_visible_result(request, pk))


TRANSITION = responses(ResultDetail, extra=(409,))


def _transition(request: HttpRequest, pk: int, act: Callable[..., actions.Outcome], **kwargs: str) -> Any:
    """One step of the workflow on result ``pk``, as the caller. The action locks the row and checks the caller's
    role before anything else, so the row is read once; only a refusal asks whether the caller may see the result
    at all, and one outside what they may see is "not found", as when reading it."""
    try:
        outcome = act(Result(pk=pk), acting_user=request.user, channel="api", **kwargs)
    except Result.DoesNotExist:
        raise not_found() from None
    except actions.NotAllowed:
        _visible_result(request, pk)  # not found when hidden from the caller; otherwise the refusal stands
        raise
    return _with_history(outcome.result)


@router.post("/{int:pk}/submit", response=TRANSITION, by_alias=True, summary="Submit a draft for approval")
def submit(request: HttpRequest, pk: int) -> Any:
    return _transition(request, pk, actions.submit_result)


@router.post("/{int:pk}/approve", response=TRANSITION, by_alias=True, summary="Approve a submitted result")
def approve(request: HttpRequest, pk: int, payload: CommentIn | None = None) -> Any:
    return _transition(request, pk, actions.approve_result, comment=payload.comment if payload else "")


@router.post("/{int:pk}/return", response=TRANSITION, by_alias=True, summary="Return a submitted result with a comment")
def return_(request: HttpRequest, pk: int, payload: CommentIn | None = None) -> Any:
    return _transition(request, pk, actions.return_result, comment=payload.comment if payload else "")


@router.post("/{int:pk}/reopen", response=TRANSITION, by_alias=True, summary="Reopen an approved result with a reason")
def reopen(request: HttpRequest, pk: int, payload: ReasonIn | None = None) -> Any:
    return _transition(request, pk, actions.reopen_result, reason=payload.reason if payload else "")

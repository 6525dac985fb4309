"""`/api/v1/results`: the results workflow (issue 3 item 10).

* ``GET  /results?indicator=&org=&period=&status=`` — the results of organisations visible to you, paginated
* ``POST /results`` ``{indicator, org, period, value | numerator + denominator, note, evidence_url, confirm_jump}``
  → 201 (a new draft) or 200 (a draft or returned result changed)
* ``GET  /results/{id}`` — with ``history``
* ``POST /results/{id}/submit`` · ``/approve`` ``{comment?}`` · ``/return`` ``{comment}`` · ``/reopen`` ``{reason}``
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from govkpi.accounts.permissions import can_view, visible_orgs
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from govkpi.results import actions
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result, ResultEvent
from govkpi.results.validation import Entry, number

from ..http import ApiError, endpoint, json_body, not_found, paginate


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
        "created_at": result.created_at.isoformat(),
        "updated_at": result.updated_at.isoformat(),
    }


def serialize_event(event: ResultEvent) -> dict[str, Any]:
    return {
        "step": event.step,
        "who": event.actor_label,
        "when": event.at.isoformat(),
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


def _visible_result(request: HttpRequest, pk: int) -> Result:
    result = Result.objects.select_related("indicator", "org").filter(pk=pk).first()
    if result is None or not can_view(request.user, result.org):
        raise not_found()
    return result


@endpoint("GET", "POST")
def collection(request: HttpRequest) -> Any:
    if request.method == "POST":
        return _create(request)
    rows = Result.objects.select_related("indicator", "org").filter(org__in=visible_orgs(request.user))
    filters = {"indicator": "indicator__code", "org": "org__code", "period": "period", "status": "status"}
    for name, lookup in filters.items():
        value = request.GET.get(name, "").strip()
        if not value:
            continue
        if name == "status" and value not in ResultStatus.values:
            raise ApiError(400, "invalid", _("Some fields are not valid."), {"status": [_("Unknown status.")]})
        rows = rows.filter(**{lookup: value})
    return paginate(request, rows.order_by("id"), serialize)


def _create(request: HttpRequest) -> Any:
    body = json_body(request)
    errors: dict[str, list[str]] = {}
    for name in ("indicator", "org", "period"):
        if not str(body.get(name) or "").strip():
            errors.setdefault(name, []).append(_("This field is required."))
    indicator = Indicator.objects.filter(code=str(body.get("indicator") or "").strip()).first()
    if indicator is None and "indicator" not in errors:
        errors["indicator"] = [_("No indicator has this code.")]
    org = OrgUnit.objects.filter(code=str(body.get("org") or "").strip()).first()
    if org is None and "org" not in errors:
        errors["org"] = [_("No organisation has this code.")]
    entry = Entry(
        value=number(body.get("value"), "value", errors),
        numerator=number(body.get("numerator"), "numerator", errors),
        denominator=number(body.get("denominator"), "denominator", errors),
        note=str(body.get("note") or ""),
        evidence_url=str(body.get("evidence_url") or ""),
        confirm_jump=body.get("confirm_jump") is True,
    )
    if org is not None and not can_view(request.user, org):
        raise not_found()
    if errors:
        raise ValidationError(errors)
    outcome = actions.save_draft(
        indicator=indicator, org=org, period=str(body["period"]), entry=entry, acting_user=request.user, channel="api"
    )
    return serialize(outcome.result), 201 if outcome.created else 200


@endpoint("GET")
def detail(request: HttpRequest, pk: int) -> Any:
    return _with_history(_visible_result(request, pk))


@endpoint("POST")
def submit(request: HttpRequest, pk: int) -> Any:
    result = _visible_result(request, pk)
    json_body(request)
    return _with_history(actions.submit_result(result, acting_user=request.user, channel="api").result)


@endpoint("POST")
def approve(request: HttpRequest, pk: int) -> Any:
    result = _visible_result(request, pk)
    comment = str(json_body(request).get("comment") or "")
    outcome = actions.approve_result(result, acting_user=request.user, channel="api", comment=comment)
    return _with_history(outcome.result)


@endpoint("POST")
def return_(request: HttpRequest, pk: int) -> Any:
    result = _visible_result(request, pk)
    comment = str(json_body(request).get("comment") or "")
    outcome = actions.return_result(result, acting_user=request.user, channel="api", comment=comment)
    return _with_history(outcome.result)


@endpoint("POST")
def reopen(request: HttpRequest, pk: int) -> Any:
    result = _visible_result(request, pk)
    reason = str(json_body(request).get("reason") or "")
    outcome = actions.reopen_result(result, acting_user=request.user, channel="api", reason=reason)
    return _with_history(outcome.result)

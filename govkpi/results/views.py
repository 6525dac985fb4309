"""Internal results pages: my tasks, the entry page, the approval queue, a result's history, evidence downloads.

Views look up with a permission check (not visible → 404), call actions, and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govkpi.accounts.permissions import (
    approvable_orgs,
    can_approve,
    can_enter,
    can_view,
    enterable_orgs,
    is_province_admin,
)
from govkpi.ops.uploads import attachment
from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.services import fiscal_years

from . import actions, reminders, sheet
from .due import tasks_for
from .forms import CommentForm, ReasonForm, read_row
from .models import Evidence, Result
from .pages import approval_queue, entry_rows
from .reminders import overdue_board
from .validation import period_of


def _visible_org(request: HttpRequest, code: str) -> OrgUnit:
    org = OrgUnit.objects.filter(code=code).first()
    if org is None or not can_view(request.user, org):
        raise Http404
    return org


def _visible_result(request: HttpRequest, pk: int) -> Result:
    result = Result.objects.select_related("indicator", "org").filter(pk=pk).first()
    if result is None or not can_view(request.user, result.org):
        raise Http404
    return result


def _fiscal_year(request: HttpRequest) -> int | None:
    years = fiscal_years()
    wanted = request.GET.get("fy", "")
    if wanted.isdigit() and int(wanted) in years:
        return int(wanted)
    return years[0] if years else None


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    year = _fiscal_year(request)
    orgs = list(enterable_orgs(request.user).order_by("path")[:200])
    rows = tasks_for(orgs, year, timezone.localdate()) if year is not None else []
    return render(
        request,
        "results/tasks.html",
        {
            "fiscal_year": year,
            "years": fiscal_years(),
            "tasks": [t for t in rows if t.status != "approved"],
            "done": sum(1 for t in rows if t.status == "approved"),
        },
    )


@login_required
def entry(request: HttpRequest, org: str, period: str) -> HttpResponse:
    unit = _visible_org(request, org)
    try:
        parsed = period_of(period)
    except ValidationError as error:
        raise Http404 from error
    rows = entry_rows(unit, parsed)
    editable = can_enter(request.user, unit)
    if request.method == "POST":
        if not editable:
            return HttpResponse(status=403)
        if _save_entries(request, unit, parsed.code, rows):
            return redirect("results:entry", org=unit.code, period=parsed.code)
    return render(
        request,
        "results/entry.html",
        {"org": unit, "period": parsed, "rows": rows, "editable": editable},
        status=400 if request.method == "POST" else 200,
    )


def _save_entries(request: HttpRequest, org: OrgUnit, period: str, rows: list) -> bool:
    """Save every changed row (and submit them all when asked), all or nothing. False when a row has errors."""
    submit = request.POST.get("action") == "submit"
    failed = False
    try:
        with transaction.atomic():
            for row in rows:
                entry, upload, errors = read_row(row, request.POST, request.FILES)
                row.errors = errors
                if errors or not row.editable and (entry or upload):
                    failed = True
                    continue
                try:
                    if entry is not None:
                        row.result = actions.save_draft(
                            indicator=row.indicator,
                            org=org,
                            period=period,
                            entry=entry,
                            acting_user=request.user,
                            channel="web",
                        ).result
                    if upload is not None:
                        if row.result is None:
                            raise ValidationError({"value": [_("Enter a value before adding evidence.")]})
                        actions.add_evidence(row.result, upload=upload, acting_user=request.user, channel="web")
                    if submit and row.result is not None and row.editable:
                        actions.submit_result(row.result, acting_user=request.user, channel="web")
                except ValidationError as error:
                    row.errors = error.message_dict
                    failed = True
                except actions.TransitionError:
                    row.errors = {"__all__": [_("This result can no longer be changed.")]}
                    failed = True
            if failed:
                raise _Rollback
    except _Rollback:
        for row in rows:  # the rollback undid these: show the page as it is in the database
            if (
                row.result is not None
                and row.result.pk is not None
                and not Result.objects.filter(pk=row.result.pk).exists()
            ):
                row.result = None
        return False
    messages.success(request, _("Submitted for approval.") if submit else _("Saved as draft."))
    return True


class _Rollback(Exception):
    pass


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    queue = approval_queue(approvable_orgs(request.user))
    own = actions.submitted_by_self(queue, request.user)  # four eyes: someone else must approve these
    for result in queue:
        result.submitted_by_viewer = result.pk in own
    return render(request, "results/approvals.html", {"queue": queue, "form": CommentForm()})


DECISIONS = ("approve", "return")


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    result = _visible_result(request, pk)
    if not can_approve(request.user, result.org):
        return HttpResponse(status=403)
    decisions = request.POST.getlist("decision")
    decision = decisions[0] if len(decisions) == 1 else None
    if decision not in DECISIONS:  # exactly one of the form's two buttons; anything else changes nothing
        return HttpResponse(_("Choose approve or return."), status=400, content_type="text/plain; charset=utf-8")
    form = CommentForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if decision == "return":
            actions.return_result(result, acting_user=request.user, channel="web", comment=comment)
            messages.success(request, _("Returned to the reporter."))
        else:
            actions.approve_result(result, acting_user=request.user, channel="web", comment=comment)
            messages.success(request, _("Approved."))
    except ValidationError as error:
        if decision == "return" and "comment" in error.message_dict:
            messages.error(request, _("Say why you return the result (a comment is required)."))
        else:  # the result breaks a rule (a row written some other way): say which, approve nothing
            for text in error.messages:
                messages.error(request, text)
    except actions.TransitionError:
        messages.error(request, _("This result is no longer waiting for approval."))
    except actions.NotAllowed as error:  # four eyes: the approver submitted it themselves; say so, still a 403
        messages.error(request, str(error) or _("Your role does not allow this."))
        response = approvals(request)
        response.status_code = 403
        return response
    return redirect("results:approvals")


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    result = _visible_result(request, pk)
    events = list(result.events.order_by("at", "id"))
    evidence = list(result.evidence.order_by("uploaded_at", "id"))
    reopen = ReasonForm() if is_province_admin(request.user) and result.status == "approved" else None
    return render(
        request, "results/history.html", {"result": result, "events": events, "evidence": evidence, "reopen": reopen}
    )


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    result = _visible_result(request, pk)
    if not is_province_admin(request.user):
        return HttpResponse(status=403)
    form = ReasonForm(request.POST)
    try:
        actions.reopen_result(result, acting_user=request.user, channel="web", reason=form.data.get("reason", ""))
        messages.success(request, _("Reopened."))
    except ValidationError:
        messages.error(request, _("Give a reason to reopen the result."))
    except actions.TransitionError:
        messages.error(request, _("Only an approved result can be reopened."))
    return redirect("results:history", pk=result.pk)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Evidence is always sent as an attachment, with the type found by sniffing, never rendered inline
    (govkpi.ops.uploads)."""
    item = get_object_or_404(Evidence.objects.select_related("result__org"), pk=pk)
    if not can_view(request.user, item.result.org) or not item.file:
        raise Http404
    return attachment(item.file, item.name, "evidence")  # sniffed again: files of an older policy are safe too


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """Overdue items by organisation, for the province officer (all) and approvers (their part of the tree)."""
    orgs = approvable_orgs(request.user)
    year = _fiscal_year(request)
    if not is_province_admin(request.user) and not orgs.exists():
        return HttpResponse(status=403)
    lines = overdue_board(orgs.order_by("path"), year, timezone.localdate()) if year is not None else []
    return render(request, "results/overdue.html", {"lines": lines, "fiscal_year": year})


@login_required
@require_POST
def escalate(request: HttpRequest, org: str) -> HttpResponse:
    unit = _visible_org(request, org)
    if not can_approve(request.user, unit):
        return HttpResponse(status=403)
    year = _fiscal_year(request)
    if year is not None:
        told = reminders.escalate(unit, year, timezone.localdate(), acting_user=request.user, channel="web")
        messages.success(request, _("Sent to %(count)s approvers.") % {"count": told})
    return redirect("results:overdue")


@login_required
def entry_sheet(request: HttpRequest, org: str, period: str) -> HttpResponse:
    """GET: the pre-filled Excel sheet. POST: upload it back (same validation, all or nothing)."""
    unit = _visible_org(request, org)
    try:
        parsed = period_of(period)
    except ValidationError as error:
        raise Http404 from error
    rows = entry_rows(unit, parsed)
    if request.method != "POST":
        if request.GET.get("format") == "ods":  # the same sheet as an OpenDocument spreadsheet (LibreOffice)
            response = HttpResponse(sheet.build_ods(unit, parsed, rows), content_type=sheet.ODS_CONTENT_TYPE)
            suffix = "ods"
        else:
            response = HttpResponse(sheet.build(unit, parsed, rows), content_type=sheet.CONTENT_TYPE)
            suffix = "xlsx"
        response["Content-Disposition"] = f'attachment; filename="govkpi-{unit.code}-{parsed.code}.{suffix}"'
        return response
    if not can_enter(request.user, unit):
        return HttpResponse(status=403)
    upload = request.FILES.get("sheet")
    if upload is None:
        messages.error(request, _("Choose the filled-in Excel file."))
        return redirect("results:entry", org=unit.code, period=parsed.code)
    changed, errors = sheet.apply(upload, unit, parsed, rows, acting_user=request.user, channel="web")
    if errors:
        context = {
            "org": unit,
            "period": parsed,
            "rows": entry_rows(unit, parsed),
            "editable": True,
            "sheet_errors": errors,
        }
        return render(request, "results/entry.html", context, status=400)
    if changed:
        messages.success(request, _("%(count)s results saved from the sheet.") % {"count": changed})
    else:
        messages.success(request, _("The sheet is the same as what is saved: nothing to change."))
    return redirect("results:entry", org=unit.code, period=parsed.code)

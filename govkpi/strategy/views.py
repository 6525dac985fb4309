"""The public budget, plan and project pages, and the signed-in pages that report project progress (entry,
approvals, history, evidence). Views only read the request, check the role, call one function and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from govkpi.accounts.permissions import approvable_orgs, can_approve, can_enter, can_view, enterable_orgs, visible_org
from govkpi.core.periods import Period, PeriodError, PeriodKind, parse_period
from govkpi.dashboards.preferences import digits_of
from govkpi.ops.uploads import attachment
from govkpi.orgs.models import OrgUnit
from govkpi.results.evidence import open_pending

from . import progress, reporting
from .choices import ProjectStatus
from .labels import status_label
from .models import ProgressEvidence, ProjectProgress
from .pages import NotFound, budget_page, budget_years, index_page, period_label, plan_page, project_page
from .progress import EDITABLE, ProgressEntry
from .reporting import EntryRow, approval_queue, entry_periods, entry_rows, error_summary, read_row, state_label


def _page(request: HttpRequest, template: str, build: Callable[[], dict[str, Any]]) -> HttpResponse:
    try:
        context = build()
    except NotFound as error:
        raise Http404(str(error)) from error
    return render(request, template, context)


def budget(request: HttpRequest, year: int) -> HttpResponse:
    return _page(request, "strategy/budget.html", lambda: budget_page(year, request.GET.get("as_of") or None))


def plan(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, "strategy/plan.html", lambda: plan_page(code))


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "strategy/index.html", index_page())


def latest_budget(request: HttpRequest) -> HttpResponse:
    """The newest year with projects; the plans page (which says there are none) when no project is loaded."""
    years = budget_years()
    return redirect("strategy:budget", years[0]) if years else redirect("strategy:index")


def project(request: HttpRequest, code: str) -> HttpResponse:
    """A project's public page: its approved progress, its disbursement curve against the target."""
    return _page(request, "strategy/project.html", lambda: project_page(code, digits_of(request)))


# --- reporting project progress (signed in) ---------------------------------------------------------------------


def _visible_org(request: HttpRequest, code: str) -> OrgUnit:
    org = visible_org(request.user, code)
    if org is None:
        raise Http404
    return org


def _visible_progress(request: HttpRequest, pk: int) -> ProjectProgress:
    row = ProjectProgress.objects.select_related("project__org", "submitted_by", "decided_by").filter(pk=pk).first()
    if row is None or not can_view(request.user, row.project.org):
        raise Http404
    return row


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    """The organisations whose projects this person reports, with the periods of the year to report."""
    years = budget_years()
    wanted = request.GET.get("fy", "")
    year = int(wanted) if wanted.isdigit() and int(wanted) in years else (years[0] if years else None)
    orgs = list(enterable_orgs(request.user).filter(projects__fiscal_year=year).distinct().order_by("path")[:200]) \
        if year is not None else []
    periods = [{"code": p.code, "label": period_label(p.code), "kind": p.kind.value}
               for p in entry_periods(year)] if year is not None else []
    return render(request, "strategy/report_index.html", {
        "year": year, "years": years, "orgs": orgs, "periods": periods,
        "approver": approvable_orgs(request.user).exists()})


@login_required
def progress_entry(request: HttpRequest, org: str, period: str) -> HttpResponse:
    unit = _visible_org(request, org)
    try:
        parsed = parse_period(period)
    except PeriodError as error:
        raise Http404 from error
    if parsed.kind not in (PeriodKind.QUARTER, PeriodKind.MONTH):
        raise Http404
    rows = entry_rows(unit, parsed)
    editable = can_enter(request.user, unit)
    if editable:
        reporting.with_pending(request, unit.code, parsed.code, rows)
    if request.method != "POST":
        return _entry_page(request, unit, parsed, rows, editable)
    if not editable:
        return HttpResponse(status=403)
    entries = {row.project.pk: read_row(row, request.POST, request.FILES) for row in rows}
    reporting.keep_uploads(request, unit.code, parsed.code, rows)
    submit = request.POST.get("action") == "submit"
    if _save_entries(request, parsed, rows, entries, submit):
        reporting.drop_saved(request, unit.code, parsed.code, rows)
        messages.success(request, _("Submitted for approval.") if submit else _("Saved as draft."))
        return redirect("strategy:progress_entry", org=unit.code, period=parsed.code)
    return _entry_page(request, unit, parsed, rows, editable, status=400)


def _entry_page(request: HttpRequest, unit: OrgUnit, period: Period, rows: list[EntryRow], editable: bool,
                status: int = 200) -> HttpResponse:
    return render(request, "strategy/progress_entry.html", {
        "org": unit, "period": period, "period_label": period_label(period.code), "rows": rows,
        "editable": editable, "summary": error_summary(rows), "statuses": ProjectStatus.choices,
        "periods": [{"code": p.code, "label": period_label(p.code), "current": p.code == period.code}
                    for p in entry_periods(period.fiscal_year)]}, status=status)


class _Rollback(Exception):
    pass


def _save_entries(request: HttpRequest, period: Period, rows: list[EntryRow],
                  entries: dict[int, ProgressEntry | None], submit: bool) -> bool:
    """Save every changed row, then add the files attached (kept pending, reporting.keep_uploads) and submit when
    asked: all or nothing. False when a row has errors (nothing is written; the files stay attached, pending, and
    the evidence stored before the failure is removed from the storage)."""
    stored = {row.project.pk: row.stored for row in rows}
    files: list[ProgressEvidence] = []
    try:
        with transaction.atomic():
            for row in rows:
                entry = entries[row.project.pk]
                if row.errors or (entry is None and row.pending is None):
                    continue
                if not row.editable:
                    row.errors["__all__"] = [row.closed or _("This report can no longer be changed.")]
                    continue
                _attempt(row, _save_row, request, period, row, entry, files)
            if submit and not any(row.errors for row in rows):
                for row in rows:
                    if row.stored is not None and row.stored.state in EDITABLE and not row.closed:
                        _attempt(row, progress.submit_progress, row.stored, acting_user=request.user, channel="web")
            if any(row.errors for row in rows):
                raise _Rollback
    except _Rollback:
        for item in files:  # the rollback undid their rows, not the stored files
            item.file.storage.delete(item.file.name)
        for row in rows:
            row.stored = stored[row.project.pk]
        return False
    return True


def _save_row(request: HttpRequest, period: Period, row: EntryRow, entry: ProgressEntry | None,
              files: list[ProgressEvidence]) -> ProjectProgress | None:
    if entry is not None:
        row.stored = progress.save_progress(project=row.project, period=period.code, entry=entry,
                                            acting_user=request.user, channel="web")
    if row.pending is not None:
        if row.stored is None:
            raise ValidationError({"disbursed": [_("Enter the amount disbursed before adding evidence.")]})
        with open_pending(row.pending) as upload:
            files.append(progress.add_progress_evidence(row.stored, upload=upload, acting_user=request.user,
                                                        channel="web"))
    return row.stored


def _attempt(row: EntryRow, action: Callable[..., ProjectProgress | None], *args: Any, **kwargs: Any) -> None:
    """Run one action for a row: the report it returns becomes the row's; a refusal becomes the row's errors."""
    try:
        result = action(*args, **kwargs)
    except ValidationError as error:
        for name, texts in error.message_dict.items():
            row.errors.setdefault(name, []).extend(texts)
    except progress.TransitionError:
        row.errors.setdefault("__all__", []).append(_("This report can no longer be changed."))
    except progress.NotAllowed as error:
        row.errors.setdefault("__all__", []).append(str(error))
    else:
        if result is not None:
            row.stored = result


@login_required
def progress_approvals(request: HttpRequest) -> HttpResponse:
    return _approvals_page(request)


def _approvals_page(request: HttpRequest, status: int = 200, errors: dict[int, str] | None = None) -> HttpResponse:
    items = approval_queue(approvable_orgs(request.user), request.user)
    for item in items:
        item.error = (errors or {}).get(item.row.pk, "")
    summary = [(f"reason-{item.row.pk}", f"{item.row.project.code} {item.row.period}: {item.error}")
               for item in items if item.error]
    return render(request, "strategy/progress_approvals.html", {
        "items": items, "summary": summary, "selectable": [item for item in items if not item.own]}, status=status)


@login_required
@require_POST
def progress_decide(request: HttpRequest, pk: int) -> HttpResponse:
    row = _visible_progress(request, pk)
    if not can_approve(request.user, row.project.org):
        return HttpResponse(status=403)
    decisions = request.POST.getlist("decision")
    decision = decisions[0] if len(decisions) == 1 else None
    if decision not in ("approve", "return"):
        return HttpResponse(_("Choose approve or return."), status=400, content_type="text/plain; charset=utf-8")
    try:
        if decision == "return":
            progress.return_progress(row, acting_user=request.user, channel="web",
                                     reason=request.POST.get("reason", ""))
            messages.success(request, _("Returned to the reporter."))
        else:
            progress.approve_progress(row, acting_user=request.user, channel="web")
            messages.success(request, _("Approved."))
    except ValidationError as error:
        if decision == "return" and "reason" in error.message_dict:
            reason = _("Say why you return the report (a reason is required).")
            return _approvals_page(request, status=400, errors={row.pk: reason})
        for text in error.messages:
            messages.error(request, text)
    except progress.TransitionError:
        messages.error(request, _("This report is no longer waiting for approval."))
    except progress.NotAllowed as error:
        messages.error(request, str(error))
        return _approvals_page(request, status=403)
    return redirect("strategy:progress_approvals")


@login_required
@require_POST
def progress_selected(request: HttpRequest) -> HttpResponse:
    """Several reports approved or returned with one confirmation, as the results' "approve selected": the first
    post lists the ones ticked (and those that will be left as they are, and why) and asks to confirm — a return
    with its reason, required —; the second decides each on its own (``progress.decide_each``: its role check, the
    four-eyes rule, its rules, its audit event, its own transaction) and says per report what was not done, and why.
    Whoever approves nothing anywhere is refused outright."""
    if not approvable_orgs(request.user).exists():
        return HttpResponse(status=403)
    decisions = request.POST.getlist("decision")
    decision = decisions[0] if len(decisions) == 1 else None
    if decision not in progress.DECISIONS:
        return HttpResponse(_("Choose approve or return."), status=400, content_type="text/plain; charset=utf-8")
    selection = reporting.selected_progress(request.user, request.POST.getlist("selected"))
    if not selection.rows and not selection.refused:
        messages.error(request, _("Tick the reports to approve or return first."))
        return redirect("strategy:progress_approvals")
    reason, error = request.POST.get("reason", ""), ""
    if request.POST.get("confirm") == "yes" and decision == "return":
        try:
            reason = progress.check_reason(reason)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
    if request.POST.get("confirm") != "yes" or error:
        return _selected_page(request, decision, selection.rows, selection.refused, reason, error)
    report = progress.decide_each(selection.rows, decision=decision, acting_user=request.user, channel="web",
                                  reason=reason)
    done = sum(1 for _row, problem in report if problem is None)
    if done:
        messages.success(request, (ngettext("%(count)s report approved.", "%(count)s reports approved.", done)
                                   if decision == "approve" else
                                   ngettext("%(count)s report returned to the reporter.",
                                            "%(count)s reports returned to the reporter.", done)) % {"count": done})
    refused = [(reporting.row_label(row), problem) for row, problem in report if problem is not None]
    refused += selection.refused
    for label, problem in refused:
        messages.error(request, (_("%(report)s was not approved: %(problem)s") if decision == "approve" else
                                 _("%(report)s was not returned: %(problem)s")) % {"report": label,
                                                                                   "problem": problem})
    return redirect("strategy:progress_approvals")


def _selected_page(request: HttpRequest, decision: str, rows: list[ProjectProgress], refused: list[tuple[str, str]],
                   reason: str, error: str) -> HttpResponse:
    """The confirmation: the reports to decide, those that will be left as they are and why; a refused reason
    comes back at its field (400)."""
    ready, left = [], []
    for row in rows:
        why = reporting.foreseen_refusal(row, request.user, decision)
        if why:
            left.append((reporting.row_label(row), why))
        else:
            ready.append(row)
    left += refused
    summary = [("reason", error)] if error else []
    return render(request, "strategy/progress_selected.html", {
        "decision": decision, "rows": ready, "left": left, "reason": reason, "error": error, "summary": summary},
        status=400 if error else 200)


@login_required
def progress_history(request: HttpRequest, pk: int) -> HttpResponse:
    row = _visible_progress(request, pk)
    return render(request, "strategy/progress_history.html", {
        "row": row, "state_label": state_label(row.state), "status_label": status_label(row.status),
        "period_label": period_label(row.period), "events": progress.events_of(row),
        "evidence": list(row.evidence.order_by("uploaded_at", "id"))})


@login_required
def progress_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Evidence is always sent as an attachment, sniffed again (govkpi.ops.uploads)."""
    item = get_object_or_404(ProgressEvidence.objects.select_related("progress__project__org"), pk=pk)
    if not can_view(request.user, item.progress.project.org) or not item.file:
        raise Http404
    return attachment(item.file, item.name, "evidence")

"""Internal results pages: my tasks, the entry page, the approval queue, a result's history, evidence downloads.

Views look up with a permission check (not visible → 404), call actions, and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from govkpi.accounts.choices import Role
from govkpi.accounts.permissions import (
    approvable_orgs,
    can_approve,
    can_enter,
    can_view,
    enterable_orgs,
    is_province_admin,
    roles_of,
    visible_org,
    visible_orgs,
)
from govkpi.core.periods import Period, PeriodError, PeriodKind, parse_period, periods_of
from govkpi.ops.uploads import attachment
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from govkpi.scorecards.services import fiscal_years
from govkpi.strategy import commentary

from . import actions, quality, reminders, sheet
from .due import tasks_for
from .evidence import IMAGES, drop_pending, keep_pending, open_pending, pending_of, preview
from .forms import CommentForm, ReasonForm, UnlockForm, error_summary, read_row
from .locks import calendar_lines, locks_for
from .models import Evidence, PeriodUnlock, ReportingCalendar, Result
from .pages import EntryRow, approval_queue, entry_rows, queue_items
from .reminders import overdue_board
from .validation import Entry, period_of


def _visible_org(request: HttpRequest, code: str) -> OrgUnit:
    org = visible_org(request.user, code)
    if org is None:
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
            "can_load_workbook": is_province_admin(request.user),
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
    _with_locks(unit, parsed, rows)
    editable = can_enter(request.user, unit)
    if editable:
        _with_pending(request, unit.code, parsed.code, rows)
        _with_commentary(unit, parsed.code, rows)
    if request.method != "POST":
        return _entry_page(request, unit, parsed, rows, editable)
    if not editable:
        return HttpResponse(status=403)
    entries = _read_rows(request, unit.code, parsed.code, rows)
    for row in rows:
        if row.editable:
            row.commentary.posted = commentary.read_commentary(request.POST, row.indicator.pk)
    if _save_entries(request, unit, parsed.code, rows, entries):
        return redirect("results:entry", org=unit.code, period=parsed.code)
    return _entry_page(request, unit, parsed, rows, editable, status=400)


def _with_locks(unit: OrgUnit, period: Period, rows: list[EntryRow]) -> None:
    """Rows of a period closed for entry are read-only, with why and how to ask for an unlock."""
    locks = locks_for(period.fiscal_year)
    for row in rows:
        if locks.locked(unit, row.indicator, period):
            row.closed = locks.refusal(period)


def _entry_page(
    request: HttpRequest, unit: OrgUnit, period: Period, rows: list[EntryRow], editable: bool, status: int = 200,
    **extra: object,
) -> HttpResponse:
    """What to enter first (returned, missing, drafts), then what is submitted or approved, read-only."""
    open_rows = sorted((row for row in rows if editable and row.editable), key=lambda row: row.urgency)
    locked = [row for row in rows if not (editable and row.editable)]
    context = {
        "org": unit,
        "period": period,
        "rows": rows,
        "open_rows": open_rows,
        "locked_rows": locked,
        "editable": editable,
        "summary": error_summary(open_rows + locked, editable),
        **extra,
    }
    return render(request, "results/entry.html", context, status=status)


def _with_pending(request: HttpRequest, org: str, period: str, rows: list[EntryRow]) -> None:
    """Show the files this person attached before the page came back with errors; forget those of results that
    can no longer be changed."""
    pending = pending_of(request, org, period)
    for row in rows:
        if row.indicator.pk in pending:
            if row.editable:
                row.pending = pending[row.indicator.pk]
            else:
                drop_pending(request, org, period, row.indicator.pk)


def _with_commentary(unit: OrgUnit, period: str, rows: list[EntryRow]) -> None:
    """Each open row's commentary group (planning.md, commentary), entered with the results."""
    groups = commentary.entry_commentary(unit, period, [row.indicator.pk for row in rows if row.editable])
    for row in rows:
        row.commentary = groups.get(row.indicator.pk)  # type: ignore[attr-defined]


def _read_rows(request: HttpRequest, org: str, period: str, rows: list[EntryRow]) -> dict[int, Entry | None]:
    """Each row's entry (None: untouched). A new file is vetted and kept as pending evidence at once, so that it is
    not lost when the page comes back with errors; a kept file whose "remove" is ticked is forgotten."""
    entries: dict[int, Entry | None] = {}
    for row in rows:
        entry, upload, errors = read_row(row, request.POST, request.FILES)
        row.errors = errors
        entries[row.indicator.pk] = entry
        if row.pending is not None and request.POST.get(f"remove_pending-{row.indicator.pk}") == "on":
            drop_pending(request, org, period, row.indicator.pk)
            row.pending = None
        if upload is None:
            continue
        if not row.editable:
            row.errors.setdefault("__all__", []).append(_("This result can no longer be changed."))
            continue
        try:
            row.pending = keep_pending(request, org, period, row.indicator.pk, upload)
        except ValidationError as error:
            for name, texts in error.message_dict.items():
                row.errors.setdefault(name, []).extend(texts)
    return entries


def _save_entries(
    request: HttpRequest, org: OrgUnit, period: str, rows: list[EntryRow], entries: dict[int, Entry | None]
) -> bool:
    """Save every changed row, add the files attached, and submit them all when asked: all or nothing. False when
    a row has errors (the files stay attached, pending)."""
    submit = request.POST.get("action") == "submit"
    failed = any(row.errors for row in rows)
    try:
        with transaction.atomic():
            for row in rows:
                entry = entries.get(row.indicator.pk)
                if row.errors:
                    continue
                if not row.editable and entry is not None:
                    row.errors = {"__all__": [_("This result can no longer be changed.")]}
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
                    if row.pending is not None and row.editable:
                        if row.result is None:
                            raise ValidationError({"value": [_("Enter a value before adding evidence.")]})
                        if not failed:  # nothing is stored that the rollback would leave behind
                            with open_pending(row.pending) as upload:
                                actions.add_evidence(row.result, upload=upload, acting_user=request.user,
                                                     channel="web")
                    if row.editable and row.commentary.changed:
                        commentary.save_commentary(org=org, indicator=row.indicator, period=period,
                                                   texts=row.commentary.shown, acting_user=request.user,
                                                   channel="web")
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
    for row in rows:
        if row.pending is not None:
            drop_pending(request, org.code, period, row.indicator.pk)
    messages.success(request, _("Submitted for approval.") if submit else _("Saved as draft."))
    return True


class _Rollback(Exception):
    pass


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    return _approvals_page(request)


def _approvals_page(request: HttpRequest, status: int = 200, errors: dict[int, str] | None = None) -> HttpResponse:
    queue = approval_queue(approvable_orgs(request.user))
    own = actions.submitted_by_self(queue, request.user)  # four eyes: someone else must approve these
    items = queue_items(queue, own)
    errors = errors or {}
    for item in items:
        item.error = errors.get(item.result.pk, "")
    summary = [(f"comment-{item.result.pk}", f"{item.result.indicator.code} {item.result.org.code}: {item.error}")
               for item in items if item.error]
    context = {"items": items, "summary": summary, "approvable": [item for item in items if not item.own],
               "previewed_images": IMAGES}
    return render(request, "results/approvals.html", context, status=status)


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
        if decision == "return" and "comment" in error.message_dict:  # the reason is required (actions), shown at it
            reason = _("Say why you return the result (a comment is required).")
            return _approvals_page(request, status=400, errors={result.pk: reason})
        for text in error.messages:  # the result breaks a rule (a row written some other way): say which
            messages.error(request, text)
    except actions.TransitionError:
        messages.error(request, _("This result is no longer waiting for approval."))
    except actions.NotAllowed as error:  # four eyes: the approver submitted it themselves; say so, still a 403
        messages.error(request, str(error) or _("Your role does not allow this."))
        return _approvals_page(request, status=403)
    return redirect("results:approvals")


@login_required
@require_POST
def approve_selected(request: HttpRequest) -> HttpResponse:
    """Several results approved with one confirmation. The first post lists the ones ticked and asks to confirm;
    the second approves each on its own (``actions.approve_each``: each with its rules, the four-eyes rule and its
    audit entry) and reports per result what was approved and what was not, and why."""
    ids = sorted({int(value) for value in request.POST.getlist("selected") if value.isdigit()})
    results = list(
        Result.objects.filter(pk__in=ids).select_related("indicator", "org").order_by("indicator__code", "org__code")
    )
    if len(results) != len(ids) or any(not can_view(request.user, result.org) for result in results):
        raise Http404
    if any(not can_approve(request.user, result.org) for result in results):
        return HttpResponse(status=403)
    if not results:
        messages.error(request, _("Tick the results to approve first."))
        return redirect("results:approvals")
    if request.POST.get("confirm") != "yes":
        warnings = quality.warnings_for(results)
        for result in results:
            result.warnings = warnings.get(result.pk, [])  # type: ignore[attr-defined]
        return render(request, "results/approve_selected.html", {"results": results})
    report = actions.approve_each(results, acting_user=request.user, channel="web")
    done = [result for result, problem in report if problem is None]
    if done:
        messages.success(request, ngettext("%(count)s result approved.", "%(count)s results approved.", len(done))
                         % {"count": len(done)})
    for result, problem in report:
        if problem is not None:
            messages.error(request, _("%(indicator)s %(org)s %(period)s was not approved: %(problem)s") % {
                "indicator": result.indicator.code, "org": result.org.code, "period": result.period,
                "problem": problem})
    return redirect("results:approvals")


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    result = _visible_result(request, pk)
    events = list(result.events.order_by("at", "id"))
    evidence = list(result.evidence.order_by("uploaded_at", "id"))
    reopen = ReasonForm() if is_province_admin(request.user) and result.status == "approved" else None
    follow_ups = list(result.follow_ups.order_by("set_at", "id"))
    return render(request, "results/history.html", {
        "result": result, "events": events, "evidence": evidence, "reopen": reopen, "follow_ups": follow_ups,
        "open_flag": next((f for f in follow_ups if f.open), None), "can_flag": can_approve(request.user, result.org)})


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
@xframe_options_sameorigin
def evidence_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """An image or PDF of a result, shown inline to whoever may see the result (the approvals page's preview), with
    a sandboxing policy and no sniffing; other files only download."""
    item = get_object_or_404(Evidence.objects.select_related("result__org"), pk=pk)
    if not can_view(request.user, item.result.org) or not item.file:
        raise Http404
    return preview(item.file, item.name)


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
        rows = entry_rows(unit, parsed)
        _with_locks(unit, parsed, rows)
        _with_pending(request, unit.code, parsed.code, rows)
        return _entry_page(request, unit, parsed, rows, True, status=400, sheet_errors=errors)
    if changed:
        messages.success(request, _("%(count)s results saved from the sheet.") % {"count": changed})
    else:
        messages.success(request, _("The sheet is the same as what is saved: nothing to change."))
    return redirect("results:entry", org=unit.code, period=parsed.code)


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The reporting calendar of a year: each period's end, due date and lock date, whether it is closed, the
    unlocks in force the user may see; officers who may unlock find the form here (docs/locks.md)."""
    year = _fiscal_year(request)
    if year is None:
        raise Http404
    locks = locks_for(year)
    try:
        lines = calendar_lines(locks, ReportingCalendar.for_year(year))
    except (PeriodError, ValueError, OverflowError) as error:  # a year no period has (written by SQL): no 500
        raise Http404 from error
    officer_orgs = approvable_orgs(request.user).order_by("path")
    officer = officer_orgs.exists()
    periods = [(line.period.code, line.period.code) for line in lines if line.closed]
    form = UnlockForm(request.POST or None, orgs=officer_orgs, periods=periods) if officer and periods else None
    status = 200
    if request.method == "POST":
        if form is None:
            return HttpResponse(status=403)
        if form.is_valid():
            data = form.cleaned_data
            indicator = Indicator.objects.filter(code=data["indicator"].strip()).first() if data["indicator"] else None
            if data["indicator"] and indicator is None:
                form.add_error("indicator", _("There is no indicator with this code."))
            else:
                try:
                    actions.unlock_period(org=data["org"], period=data["period"], reason=data["reason"],
                                          indicator=indicator, days=data["days"], acting_user=request.user,
                                          channel="web")
                except ValidationError as error:
                    for field, texts in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, texts)
                else:
                    messages.success(request, _("The period is open again for entry."))
                    return redirect(f"{request.path}?fy={year}")
        status = 400
    visible = visible_orgs(request.user)
    unlocks = (PeriodUnlock.objects.filter(fiscal_year=year, until__gt=locks.now, org__in=visible)
               .select_related("org", "indicator").order_by("until")[:200])
    return render(request, "results/calendar.html", {
        "fiscal_year": year, "years": fiscal_years(), "locks": locks, "lines": lines, "unlocks": unlocks,
        "form": form}, status=status)


BACK = {"approvals": "results:approvals", "quality": "results:quality"}


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Set (``flag=set``, with a reason) or clear (``flag=clear``, an optional note) a result's follow-up
    flag: approvers of its organisation or one above it, and province administrators."""
    result = _visible_result(request, pk)
    if not can_approve(request.user, result.org):
        return HttpResponse(status=403)
    decision = request.POST.get("flag")
    if decision not in ("set", "clear"):
        return HttpResponse(_("Choose to set or clear the flag."), status=400, content_type="text/plain; charset=utf-8")
    try:
        actions.set_follow_up(result, flag=decision == "set", text=request.POST.get("text", ""),
                              acting_user=request.user, channel="web")
    except ValidationError:
        messages.error(request, _("Say why the result needs follow-up (a reason is required)."))
    except actions.AlreadyFlagged:
        messages.error(request, _("The flag was already set or cleared by someone else."))
    else:
        messages.success(request, _("Flagged for follow-up.") if decision == "set" else _("Follow-up flag cleared."))
    back = BACK.get(request.POST.get("back", ""))
    if back is not None:
        return redirect(back)
    return redirect("results:history", pk=result.pk)


@login_required
def quality_page(request: HttpRequest) -> HttpResponse:
    """Reporting rates per organisation and per indicator, outliers and open follow-up flags of a fiscal year, for
    officers, approvers and viewers (executives) of their part of the tree — not for reporters alone; narrowed by
    period and indicator. Approvers and officers set and clear the flags here too."""
    scope = _overseen(request.user)
    if scope is not None and not scope.exists():
        return HttpResponse(status=403)
    year = _fiscal_year(request)
    if year is None:
        return render(request, "results/quality.html", {"fiscal_year": None, "years": []})
    period = request.GET.get("period", "").strip()
    try:
        period = parse_period(period).code if period else ""
    except PeriodError:
        period = ""
    code = request.GET.get("indicator", "").strip()
    indicator = Indicator.objects.filter(code=code).first() if code else None
    org_code = request.GET.get("org", "").strip()
    unit = OrgUnit.objects.filter(code=org_code).first() if org_code else None
    if unit is not None and unit.path and (scope is None or scope.filter(pk=unit.pk).exists()):
        scope = OrgUnit.objects.subtree(unit)
    elif org_code:
        messages.error(request, _("There is no organisation with this code in your part of the tree."))
        unit = None
    report = quality.year_quality(year, scope, timezone.localdate(), period=period, indicator=indicator)
    flaggable = {flag.result_id for flag in report.flags if can_approve(request.user, flag.result.org)}
    return render(request, "results/quality.html", {
        "fiscal_year": year, "years": fiscal_years(), "report": report, "period": period, "indicator": indicator,
        "flaggable": flaggable, "org_code": unit.code if unit is not None else "",
        "indicator_code": code, "periods": [p.code for kind in PeriodKind for p in periods_of(year, kind)],
        "indicators": Indicator.objects.filter(criteria__fiscal_year=year).distinct().order_by("code")
        .only("code", "name_th", "name_en")})


def _overseen(user: object) -> QuerySet[OrgUnit] | None:
    """The organisations an approver or viewer oversees (theirs and everything below); None: all of them (a province
    administrator). A reporter alone oversees nothing."""
    roles = roles_of(user)
    if roles.admin:
        return None
    condition = Q(pk__in=[])
    for path in roles.paths(Role.APPROVER, Role.VIEWER):
        condition |= Q(path__startswith=path)
    return OrgUnit.objects.filter(condition)

"""Readiness pages for officers: the province's overview and each organisation's checklist. Thin views: look up
with a permission check, call one action, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govkpi.accounts.permissions import can_approve, can_enter, can_view, visible_orgs
from govkpi.core.frameworks import Framework
from govkpi.ops.uploads import attachment
from govkpi.orgs.models import OrgUnit

from .actions import confirm_checklist_entry, save_checklist_entry
from .errors import AssessmentError
from .forms import ChecklistItemForm
from .models import ChecklistEntry
from .readiness import checklist, overview
from .services import get_framework


def _framework(code: str, year: int) -> Framework:
    try:
        framework = get_framework(code, year)
    except AssessmentError as error:
        raise Http404(code) from error
    if not framework.checklist:
        raise Http404(code)
    return framework


def _back(framework: str, year: int, org: str, item: str) -> HttpResponse:
    return redirect(reverse("assessments:checklist", args=[framework, year, org]) + f"#item-{item}")


def _org_for(request: HttpRequest, code: str) -> OrgUnit:
    org = get_object_or_404(OrgUnit, code=code)
    if not can_view(request.user, org):
        raise PermissionDenied
    return org


@login_required
def readiness(request: HttpRequest, framework: str, year: int) -> HttpResponse:
    config = _framework(framework, year)
    rows = overview(config, visible_orgs(request.user))
    return render(
        request,
        "assessments/readiness.html",
        {
            "framework": config,
            "rows": rows,
            "not_ready": [row for row in rows if row.state != "ready"],
            "total": len(config.checklist),
        },
    )


@login_required
def org_checklist(request: HttpRequest, framework: str, year: int, org: str) -> HttpResponse:
    config = _framework(framework, year)
    unit = _org_for(request, org)
    items = checklist(config, unit)
    for item in items:
        entry = item["entry"]
        item["form"] = ChecklistItemForm(
            prefix=item["code"],
            initial={
                "evidence_url": entry.evidence_url if entry else "",
                "self_checked": entry.self_checked if entry else False,
                "note": entry.note if entry else "",
            },
        )
    return render(
        request,
        "assessments/checklist.html",
        {
            "framework": config,
            "org": unit,
            "items": items,
            "can_enter": can_enter(request.user, unit),
            "can_approve": can_approve(request.user, unit),
        },
    )


@login_required
@require_POST
def save_item(request: HttpRequest, framework: str, year: int, org: str, item: str) -> HttpResponse:
    config = _framework(framework, year)
    unit = _org_for(request, org)
    if not can_enter(request.user, unit):
        raise PermissionDenied
    form = ChecklistItemForm(request.POST, request.FILES, prefix=item)
    if form.is_valid():
        try:
            save_checklist_entry(
                framework=config.code,
                fiscal_year=config.fiscal_year,
                org=unit,
                item=item,
                evidence_url=form.cleaned_data["evidence_url"],
                evidence_file=form.cleaned_data["evidence_file"],
                self_checked=form.cleaned_data["self_checked"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
                channel="web",
            )
            messages.success(request, _("Item %(item)s saved.") % {"item": item})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return _back(framework, year, org, item)


@login_required
@require_POST
def confirm_item(request: HttpRequest, framework: str, year: int, org: str, item: str) -> HttpResponse:
    unit = _org_for(request, org)
    if not can_approve(request.user, unit):
        raise PermissionDenied
    entry = get_object_or_404(ChecklistEntry, framework=framework, fiscal_year=year, org=unit, item=item)
    try:
        confirm_checklist_entry(
            entry, confirmed=request.POST.get("confirmed") == "1", acting_user=request.user, channel="web"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(framework, year, org, item)


@login_required
def evidence(request: HttpRequest, framework: str, year: int, org: str, item: str) -> FileResponse:
    unit = _org_for(request, org)
    entry = get_object_or_404(ChecklistEntry, framework=framework, fiscal_year=year, org=unit, item=item)
    if not entry.evidence_file:
        raise Http404(item)
    return attachment(entry.evidence_file, entry.evidence_name, item)  # sniffed type, attachment, nosniff

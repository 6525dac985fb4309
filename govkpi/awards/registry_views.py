"""The awards registry for the province's officers: list, create, edit, certificates. Province administrators
write; the views look up, call one action and redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from govkpi.accounts.permissions import is_province_admin
from govkpi.ops.uploads import attachment

from .actions import save_award
from .forms import AwardForm
from .models import Award
from .pages import expiry, expiry_state


def _admin_only(request: HttpRequest) -> None:
    if not is_province_admin(request.user):
        raise PermissionDenied


@login_required
def registry(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    awards = list(
        Award.objects.select_related("recipient", "assessment").order_by("-fiscal_year", "category", "recipient__code")
    )
    today = timezone.localdate()
    lines = [{"award": a, "expires": (ends := expiry(a)), "state": expiry_state(ends, today)} for a in awards]
    return render(request, "awards/registry.html", {"lines": lines})


@login_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _admin_only(request)
    award = get_object_or_404(Award, pk=pk) if pk else None
    if request.method == "POST":
        form = AwardForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = save_award(award, **form.cleaned_data, acting_user=request.user, channel="web")
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Award saved."))
                return redirect("awards:edit", pk=saved.pk)
    else:
        initial = {"quantity": 1}
        if award is not None:
            initial = {
                key: getattr(award, key)
                for key in (
                    "fiscal_year",
                    "category",
                    "title_th",
                    "title_en",
                    "issuer",
                    "level",
                    "date",
                    "quantity",
                    "note",
                )
            }
            initial.update(recipient=award.recipient.code, link_assessment=award.assessment_id is not None)
        form = AwardForm(initial=initial)
    return render(request, "awards/edit.html", {"form": form, "award": award})


@login_required
def certificate(request: HttpRequest, pk: int) -> FileResponse:
    _admin_only(request)
    award = get_object_or_404(Award, pk=pk)
    if not award.certificate:
        raise Http404(pk)
    return attachment(award.certificate, award.certificate_name, "certificate")  # sniffed type, nosniff

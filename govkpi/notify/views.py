"""The outbox page: what could not be delivered yet, for the province's officials, with "retry now"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govkpi.accounts.permissions import is_province_admin

from .actions import retry_now
from .choices import Status
from .models import OutboxMessage

SHOWN = 200


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    if not is_province_admin(request.user):
        return HttpResponse(status=403)
    waiting = OutboxMessage.objects.exclude(status=Status.SENT)
    failed = list(waiting.filter(status=Status.FAILED).order_by("-created_at", "-id")[:SHOWN])
    pending = list(waiting.filter(status=Status.PENDING).order_by("next_attempt_at", "id")[:SHOWN])
    return render(request, "notify/outbox.html", {"failed": failed, "pending": pending, "shown": SHOWN})


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_province_admin(request.user):
        return HttpResponse(status=403)
    message = get_object_or_404(OutboxMessage, pk=pk)
    if retry_now(message, acting_user=request.user, channel="web"):
        messages.success(request, _("The message will be sent on the next delivery."))
    else:
        messages.error(request, _("This message was already sent."))
    return redirect("notify:outbox")

"""How LINE and the outbox are doing, for `govkpi doctor` (its ``line`` check): (status, message, fix)."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import Channel, Status
from .models import Contact, OutboxMessage

STUCK = dt.timedelta(hours=2)  # a message due this long ago and never tried: nothing delivers


def _bot_problem(api: str, token: str) -> str:
    """Asks LINE who the token belongs to (`GET /v2/bot/info`): '' when it answers, else why not."""
    request = urllib.request.Request(f"{api.rstrip('/')}/v2/bot/info", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 (the configured API)
            json.load(answer)
    except urllib.error.HTTPError as error:
        return f"{error.code} {error.reason}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return str(error)
    return ""


def line_check() -> tuple[str, str, str]:
    """The token set and accepted by LINE when LINE contacts exist, no failed notice, none stuck unsent."""
    token = getattr(settings, "GOVKPI_LINE_TOKEN", "")
    api = getattr(settings, "GOVKPI_LINE_API", "") or "https://api.line.me"
    line_contacts = Contact.objects.filter(channel=Channel.LINE).count()
    if line_contacts and not token:
        message = _("%(count)s LINE contacts, but GOVKPI_LINE_TOKEN is not set") % {"count": line_contacts}
        return "warning", message, _(
            "Set GOVKPI_LINE_TOKEN to the channel access token of the province's LINE Official Account "
            "(LINE Developers console, Messaging API)."
        )
    problem = _bot_problem(api, token) if token else ""
    if problem:
        message = _("LINE at %(api)s does not accept the token: %(problem)s") % {"api": api, "problem": problem}
        return "warning", message, _("Check GOVKPI_LINE_TOKEN and GOVKPI_LINE_API, and that this host may reach LINE.")
    failed = OutboxMessage.objects.filter(status=Status.FAILED).count()
    if failed:
        fix = _("Read their errors on %(page)s, fix the contacts or the token, and retry them there.")
        return "warning", _("%(count)s notices failed") % {"count": failed}, fix % {"page": reverse("notify:outbox")}
    due = timezone.now() - STUCK
    stuck = OutboxMessage.objects.filter(status=Status.PENDING, attempts=0, next_attempt_at__lt=due).count()
    if stuck:
        return "warning", _("%(count)s notices wait and were never tried") % {"count": stuck}, _(
            "Run `govkpi notify deliver` from cron every few minutes."
        )
    if not token:
        return "ok", _("not used: no LINE contact and no GOVKPI_LINE_TOKEN; no notice failed"), ""
    return "ok", _("LINE at %(api)s accepts the token; no notice failed") % {"api": api}, ""

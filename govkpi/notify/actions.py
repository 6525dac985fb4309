"""Writes with side effects in the notify app: a retry asked for by an official (audited)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from govkpi.audit.actions import record

from .choices import Status
from .models import OutboxMessage


@transaction.atomic
def retry_now(message: OutboxMessage, *, acting_user: AbstractBaseUser | None, channel: str) -> bool:
    """Make a failed or waiting message due at once, with a fresh count of attempts; False when it was sent."""
    changed = (
        OutboxMessage.objects.filter(pk=message.pk)
        .exclude(status=Status.SENT)
        .update(status=Status.PENDING, next_attempt_at=timezone.now(), attempts=0, claimed_until=None)
    )
    if changed:
        record(acting_user=acting_user, channel=channel, action="notify.outbox.retry",
               object_type="notify.outboxmessage", object_key=f"{message.pk} {message.channel} {message.address}",
               changes={"status": [message.status, Status.PENDING], "attempts": [message.attempts, 0]})
    return bool(changed)

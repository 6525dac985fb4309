"""Writing audit events. Every action that changes data calls `record` inside its own transaction."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from .anchors import anchor_on_commit
from .chain import GENESIS, event_hash, normalise
from .models import AuditEvent, AuditHead


def actor_label(user: AbstractBaseUser | None, channel: str) -> str:
    if user is not None and user.is_authenticated:
        return str(user.get_username())
    if channel == "cli":
        try:
            return f"cli:{getpass.getuser()}"
        except Exception:  # no login name in some containers
            return "cli"
    return channel


def record(
    *,
    acting_user: AbstractBaseUser | None,
    channel: str,
    action: str,
    object_type: str = "",
    object_key: str = "",
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event to the chain. Writers serialise on the chain head (SELECT … FOR UPDATE on PostgreSQL;
    SQLite's IMMEDIATE transactions already take the write lock at BEGIN), so the chain never forks. Once the
    transaction commits, the entry's (seq, hash) is appended to the anchor file outside the database (`anchors`)."""
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    with transaction.atomic():
        head = _lock_head()
        event = AuditEvent(
            at=timezone.now(),
            actor=actor,
            actor_label=actor_label(acting_user, channel),
            channel=channel,
            action=action,
            object_type=object_type,
            object_key=object_key[:500],
            changes=normalise(changes),
            reason=reason,
            seq=head.seq + 1,
            prev_hash=head.hash,
        )
        event.hash = event_hash(
            seq=event.seq,
            prev_hash=event.prev_hash,
            at=event.at,
            actor_id=actor.pk if actor is not None else None,
            actor_label=event.actor_label,
            channel=channel,
            action=action,
            object_type=object_type,
            object_key=event.object_key,
            reason=reason,
            changes=event.changes,
        )
        event.save()
        AuditHead.objects.filter(pk=head.pk).update(seq=event.seq, hash=event.hash)
        anchor_on_commit(event.seq, event.hash, event.at)
        return event


def _lock_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        if connection.vendor == "postgresql":  # two first writers: let one create the head
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x60FC_A0D1])
        head, _ = AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS})
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head

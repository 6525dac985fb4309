"""The audit chain: each event's hash covers its content and the hash of the event before it.

Pure functions over plain values, so the migration that chains old events and `govkpi audit verify` compute
exactly what `record` computed.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64


def normalise(changes: Any) -> Any:
    """The changes as the database gives them back (JSON types only)."""
    return json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder))


def event_hash(
    *,
    seq: int,
    prev_hash: str,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    channel: str,
    action: str,
    object_type: str,
    object_key: str,
    reason: str,
    changes: Any,
) -> str:
    body = {
        "seq": seq,
        "prev": prev_hash,
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor_id,
        "actor_label": actor_label,
        "channel": channel,
        "action": action,
        "object_type": object_type,
        "object_key": object_key,
        "reason": reason,
        "changes": normalise(changes),
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def hash_of(event: Any) -> str:
    """The hash an event (model instance or migration-state instance) should carry."""
    return event_hash(
        seq=event.seq,
        prev_hash=event.prev_hash,
        at=event.at,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        channel=event.channel,
        action=event.action,
        object_type=event.object_type,
        object_key=event.object_key,
        reason=event.reason,
        changes=event.changes,
    )

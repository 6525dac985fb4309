"""Writing audit events. Every action that changes data calls `record` inside its own transaction."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from .models import AuditEvent


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
    return AuditEvent.objects.create(
        actor=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        actor_label=actor_label(acting_user, channel),
        channel=channel,
        action=action,
        object_type=object_type,
        object_key=object_key,
        changes=changes or {},
        reason=reason,
    )

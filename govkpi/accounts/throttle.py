"""Login throttling: after too many failed logins for a username or from an address within a window, refuse more.

Kept in the database (not a per-process cache) so it holds across workers. Limits come from settings:
GOVKPI_LOGIN_MAX_FAILURES (default 5) within GOVKPI_LOGIN_WINDOW_MINUTES (default 15). Every login form uses it
(the accounts login and the admin's, govkpi.accounts.forms); the failure that locks a username or an address out
is written to the audit log (``accounts.login.lockout``), once per lockout.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginFailure


def _limits() -> tuple[int, timedelta]:
    return (
        int(getattr(settings, "GOVKPI_LOGIN_MAX_FAILURES", 5)),
        timedelta(minutes=int(getattr(settings, "GOVKPI_LOGIN_WINDOW_MINUTES", 15))),
    )


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind GOVKPI_PROXY_HOPS trusted reverse proxies the address the
    outermost of them saw (counted from the right of X-Forwarded-For, so a client cannot choose it)."""
    hops = int(getattr(settings, "GOVKPI_PROXY_HOPS", 0))
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops][:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def locked_by(username: str, address: str) -> str:
    """What is locked out now: "username", "address", or "" for neither."""
    limit, window = _limits()
    since = timezone.now() - window
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(username=username.lower()[:150]).count() >= limit:
        return "username"
    if address and recent.filter(address=address).count() >= limit * 4:  # an office shares one address: allow more
        return "address"
    return ""


def is_locked(username: str, address: str) -> bool:
    return bool(locked_by(username, address))


def note_failure(username: str, address: str, *, channel: str = "web") -> None:
    """Count one failed login; the one that locks the username or the address out goes to the audit log."""
    was_locked = is_locked(username, address)
    LoginFailure.objects.create(username=username.lower()[:150], address=address)
    _, window = _limits()
    LoginFailure.objects.filter(at__lt=timezone.now() - 4 * window).delete()
    reason = locked_by(username, address)
    if reason and not was_locked:
        from govkpi.audit.actions import record

        record(
            acting_user=None,
            channel=channel,
            action="accounts.login.lockout",
            object_type="auth.user",
            object_key=username.lower()[:150],
            changes={"locked_by": reason, "address": address, "window_minutes": int(window.total_seconds() // 60)},
        )


def clear(username: str, address: str) -> None:
    LoginFailure.objects.filter(Q(username=username.lower()) | Q(address=address, username=username.lower())).delete()

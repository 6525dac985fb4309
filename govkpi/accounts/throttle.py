"""Login throttling: after too many failed logins for a username or from an address within a window, refuse more.

Kept in the database (not a per-process cache) so it holds across workers. Limits come from settings:
GOVKPI_LOGIN_MAX_FAILURES (default 5) within GOVKPI_LOGIN_WINDOW_MINUTES (default 15).
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


def is_locked(username: str, address: str) -> bool:
    limit, window = _limits()
    since = timezone.now() - window
    recent = LoginFailure.objects.filter(at__gte=since)
    by_user = recent.filter(username=username.lower()).count()
    by_address = recent.filter(address=address).count() if address else 0
    return by_user >= limit or by_address >= limit * 4  # an office shares one address: allow it more


def note_failure(username: str, address: str) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], address=address)
    _, window = _limits()
    LoginFailure.objects.filter(at__lt=timezone.now() - 4 * window).delete()


def clear(username: str, address: str) -> None:
    LoginFailure.objects.filter(Q(username=username.lower()) | Q(address=address, username=username.lower())).delete()

from __future__ import annotations

from django.http import HttpRequest

from .preferences import digits_of


def preferences(request: HttpRequest) -> dict[str, str]:
    """``digits``: "thai" or "arabic", for the ``digits`` template filter."""
    return {"digits": digits_of(request)}

from __future__ import annotations

from django.http import HttpRequest

from .nav import entries_for
from .preferences import digits_of


def preferences(request: HttpRequest) -> dict[str, str]:
    """``digits``: "thai" or "arabic", for the ``digits`` template filter."""
    return {"digits": digits_of(request)}


def navigation(request: HttpRequest) -> dict[str, object]:
    """``nav``: the site navigation for this visitor (see ``dashboards.nav``)."""
    return {"nav": entries_for(request)}

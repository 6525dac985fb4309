"""The site's own error pages and small addresses people (and browsers) ask for.

``page_not_found`` (404) renders ``404.html`` with the usual context (navigation, digits). ``server_error`` (500)
renders ``500.html`` without touching the database — the failure may be the database — so it shows the navigation
of a visitor who is not signed in, built from URL names only, in the language the request already chose.
"""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .nav import ENTRIES, SIGNED_IN, url_or_none

FAVICON = Path(__file__).resolve().parent / "static" / "dashboards" / "favicon.ico"


def anonymous_nav() -> list[dict[str, object]]:
    """The navigation of a visitor who is not signed in, without a query (no user, no session)."""
    entries = (entry for entry in ENTRIES if entry.audience != SIGNED_IN)
    return [
        {"url": url, "label": entry.label, "current": False, "name": entry.url_name}
        for entry in entries
        if (url := url_or_none(entry.url_name)) is not None
    ]


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """The branded 500 page: no context processors, no database."""
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"nav": anonymous_nav(), "digits": "arabic"}))


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")

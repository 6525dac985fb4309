"""Public pages cached whole, keyed by the data version: the newest audit event.

Every write goes through an action that records an `AuditEvent`, so the id (and time) of the newest event changes
with every approval, import or admin edit: a page cached under the old version is simply never asked for again,
and a change shows at once, without signals. A hit costs one indexed query (the newest event) and a cache read.

The key also holds the host (pages carry absolute links for sharing), the path with its query, the language and
the digits preference, and today's date (rows say whether a report is due yet). Pages for signed-in visitors are
not cached (their navigation differs), nor pages asked with
unknown query parameters (no one fills the cache with made-up addresses), nor anything while the audit log is empty
(no write went through an action, so the version would say nothing). The CSRF token of the language and digits
forms is replaced by a placeholder in the stored page and by the visitor's own token on each hit.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from govkpi.audit.version import version_key

from .preferences import digits_of

TIMEOUT = 60 * 60
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
PLACEHOLDER = b"\x00csrf\x00"
HIT_HEADER = "X-Page-Cache"
PARAMETERS = frozenset({"fy", "sort", "order"})  # any other query parameter: served, never stored

View = Callable[..., HttpResponse]


def page_key(request: HttpRequest, version: str) -> str:
    parts = (version, request.get_host(), request.get_full_path(), get_language() or "", digits_of(request),
             timezone.localdate().isoformat())  # "not due yet" turns into "due" overnight
    raw = "|".join(parts)
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_page(view: View) -> View:
    """Serve a GET page from the cache while the data version stands; store successful responses."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or set(request.GET) - PARAMETERS or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        version = version_key()
        if version is None:
            return view(request, *args, **kwargs)
        key = page_key(request, version)
        stored = cache.get(key)
        if stored is not None:
            content, content_type, headers, exempt = stored
            token = get_token(request).encode()
            response = HttpResponse(content.replace(PLACEHOLDER, token), content_type=content_type)
            for name, value in headers:
                response[name] = value
            response.xframe_options_exempt = exempt  # type: ignore[attr-defined]
            response[HIT_HEADER] = "hit"
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            content = TOKEN.sub(lambda m: m.group(1) + PLACEHOLDER + m.group(3), response.content)
            kept = [
                (name, response[name]) for name in ("Content-Security-Policy", "X-Frame-Options") if name in response
            ]
            exempt = getattr(response, "xframe_options_exempt", False)
            cache.set(key, (content, response["Content-Type"], kept, exempt), TIMEOUT)
            response[HIT_HEADER] = "miss"
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response

    return wrapper

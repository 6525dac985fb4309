"""ETag and If-None-Match for every API read.

The ETag is the SHA-256 of the response body, so it is right whatever produced the body. For reads without a token
(the public ones, and most of the traffic) the ETag is also remembered under the data version (the newest audit
event: every write is audited), the host, the full path and the language; a request that sends that ETag back while
the data version stands gets `304 Not Modified` without running the view at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from govkpi.dashboards.cache import data_version

PREFIX = "/api/v1/"
TIMEOUT = 60 * 60


def _matches(request: HttpRequest, etag: str) -> bool:
    sent = request.headers.get("If-None-Match", "")
    return sent.strip() == "*" or etag in [tag.strip().removeprefix("W/") for tag in sent.split(",")]


def _not_modified(etag: str) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    patch_vary_headers(response, ("Authorization", "Accept-Language"))
    return response


class ConditionalApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX) or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        anonymous = "Authorization" not in request.headers
        key = version = None
        if anonymous:
            version = data_version()
            if version is not None:
                raw = "|".join((version, request.get_host(), request.get_full_path(), get_language() or ""))
                key = "api-etag:" + hashlib.sha256(raw.encode()).hexdigest()
                known = cache.get(key)
                if known is not None and "If-None-Match" in request.headers and _matches(request, known):
                    return _not_modified(known)
        response = self.get_response(request)
        if response.status_code != 200 or response.streaming or not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
        response["ETag"] = etag
        patch_vary_headers(response, ("Authorization", "Accept-Language"))
        response.setdefault("Cache-Control", "no-cache" if anonymous else "private, no-cache")
        if key is not None:
            cache.set(key, etag, TIMEOUT)
        if _matches(request, etag):
            return _not_modified(etag)
        return response

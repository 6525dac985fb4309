"""ETag and If-None-Match for every API read.

The ETag is the SHA-256 of the response body, so it is right whatever produced the body. For reads without a token
(the public ones, and most of the traffic) the ETag is also remembered under the data version (the newest audit
event: every write is audited), the host, the full path and the language; a request that sends that ETag back while
the data version stands gets `304 Not Modified` without running the view at all, and the answer itself is kept
there too (compressed; up to `MAX_STORED` bytes) so that the next anonymous request for the same address is served
without running the view (the response carries `X-Api-Cache: hit`). A write changes the data version, so nothing
stale is ever served; a cached answer costs one indexed query and a cache read.

Every request without a token is counted against its address's rate limit here, before the cache or the 304 path
can answer it (one cache increment; the same counter and limit as the API's throttle, which does not count it again):
over the limit it gets 429 with `Retry-After`, cached or not. Requests with a token are counted by the throttle,
after the token is checked; they are never answered from the cache, and their 304 comes after the view.

A request whose path or query holds the NUL character is refused with 400 (PostgreSQL cannot compare or store it).
A path under `/api/v1/` that matches no operation (404) or a method an operation does not have (405) answers with
the API's JSON error body too, not Django's HTML page.
"""

from __future__ import annotations

import hashlib
import math
import zlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from govkpi.audit.version import version_key

from .http import ApiError, rate_limited, spend_anonymous, unstorable_refused

PREFIX = "/api/v1/"
TIMEOUT = 60 * 60
MAX_STORED = 256 * 1024  # compressed bytes: a national scorecard (≈ 500 KB of JSON) is ≈ 30 KB
HIT_HEADER = "X-Api-Cache"


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
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if "Authorization" not in request.headers:
            wait = spend_anonymous(request)
            if wait is not None:
                return _error(rate_limited(wait), {"Retry-After": str(math.ceil(wait))})
        if "\x00" in request.path or any("\x00" in key or "\x00" in value for key, values in request.GET.lists()
                                         for value in values):
            return _error(unstorable_refused())
        if request.method not in ("GET", "HEAD"):
            return _json_error(self.get_response(request))
        return _json_error(self._conditional(request))

    def _conditional(self, request: HttpRequest) -> HttpResponse:
        anonymous = "Authorization" not in request.headers
        key = version = None
        if anonymous:
            version = version_key()
            if version is not None:
                raw = "|".join((version, request.get_host(), request.get_full_path(), get_language() or ""))
                key = "api-read:" + hashlib.sha256(raw.encode()).hexdigest()
                known = cache.get(key)
                if known is not None:
                    etag, stored = known
                    if "If-None-Match" in request.headers and _matches(request, etag):
                        return _not_modified(etag)
                    if stored is not None and request.method == "GET":
                        return _from_cache(etag, stored)
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
            body = zlib.compress(response.content, 1)
            stored = (body, response["Content-Type"], response["Cache-Control"]) if len(body) <= MAX_STORED else None
            cache.set(key, (etag, stored), TIMEOUT)
        if _matches(request, etag):
            return _not_modified(etag)
        return response


def _error(error: ApiError, headers: dict[str, str] | None = None) -> HttpResponse:
    body: dict[str, object] = {"code": error.code, "message": error.message}
    if error.fields:
        body["fields"] = error.fields
    return JsonResponse({"error": body}, status=error.status, headers=headers)


def _from_cache(etag: str, stored: tuple[bytes, str, str]) -> HttpResponse:
    body, content_type, cache_control = stored
    response = HttpResponse(zlib.decompress(body), content_type=content_type)
    response["ETag"], response["Cache-Control"], response[HIT_HEADER] = etag, cache_control, "hit"
    patch_vary_headers(response, ("Authorization", "Accept-Language"))
    return response


def _json_error(response: HttpResponse) -> HttpResponse:
    """Django's HTML 404 (no such path) and Ninja's text 405 (no such method) as the API's JSON error body."""
    if response.status_code not in (404, 405) or response.get("Content-Type", "").startswith("application/json"):
        return response
    if response.status_code == 404:
        error = {"code": "not_found", "message": _("Not found.")}
    else:
        error = {"code": "method_not_allowed", "message": _("This method is not allowed here.")}
    replaced = JsonResponse({"error": error}, status=response.status_code)
    if response.has_header("Allow"):
        replaced["Allow"] = response["Allow"]
    return replaced

"""Content-Security-Policy: the site's own scripts, styles, images and fonts only; no inline code without a nonce.

Templates that truly need an inline <script> or <style> give it `nonce="{{ request.csp_nonce }}"`; the nonce is
made per response, and only when a template asked for it. The policy also forbids plugins, framing, foreign form
targets and <base> changes. Django's admin works under it (its scripts are files; its JSON data blocks do not run).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

HEADER = "Content-Security-Policy"
POLICY = (
    "default-src 'self'",
    "script-src 'self'{nonce}",
    "style-src 'self'{nonce}",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)


def policy(nonce: str | None = None) -> str:
    part = f" 'nonce-{nonce}'" if nonce else ""
    return "; ".join(directive.format(nonce=part) for directive in POLICY)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        made: list[str] = []

        def make() -> str:
            made.append(secrets.token_urlsafe(16))
            return made[0]

        request.csp_nonce = SimpleLazyObject(make)  # type: ignore[attr-defined]
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy(made[0] if made else None)
        return response

"""One log line per request, with a request id, and the database time of each request.

:class:`RequestMiddleware` takes the request id from an incoming ``X-Request-ID`` (a proxy's or a caller's; up to
128 letters, digits, ``.``, ``_``, ``-``) or makes one, returns it in the response's ``X-Request-ID``, times the
request and its database queries (for the metrics, `govkpi.ops.metrics`), and logs to the ``govkpi.request`` logger:
request id, user, organisation (the codes of the user's memberships), method, path (without the query), status,
duration and database time in milliseconds, number of queries.

With ``GOVKPI_LOG_FORMAT=json`` (settings) every log record — these lines and any other, e.g. a server error's
traceback — is one JSON object per line (`govkpi.ops.logformat.JsonLinesFormatter`), with the request id of the
request being served. Otherwise the logger stays at the root level (WARNING unless ``LOG_LEVEL`` says otherwise),
so there is no request line (gunicorn's access log covers it).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse

from .logformat import REQUEST_ID
from .metrics import REQUEST_DATABASE_QUERIES, REQUEST_DATABASE_SECONDS

logger = logging.getLogger("govkpi.request")
VALID_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
HEADER = "X-Request-ID"


class _DatabaseTime:
    """An execute wrapper (Django's ``connection.execute_wrapper``) adding up the time of every query."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def _organisations(user: Any) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    return sorted(set(user.memberships.values_list("org__code", flat=True)))


class RequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if VALID_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = REQUEST_ID.set(request_id)
        database = _DatabaseTime()
        started = time.perf_counter()
        try:
            with connection.execute_wrapper(database):
                response = self.get_response(request)
            duration = time.perf_counter() - started
            response[HEADER] = request_id
            REQUEST_DATABASE_SECONDS.observe(database.seconds)
            REQUEST_DATABASE_QUERIES.observe(database.queries)
            if logger.isEnabledFor(logging.INFO):
                self.log(request, response, duration, database)
            return response
        finally:
            REQUEST_ID.reset(token)

    def log(self, request: HttpRequest, response: HttpResponse, duration: float, database: _DatabaseTime) -> None:
        user = getattr(request, "user", None)
        fields = {
            "request_id": request.request_id,  # type: ignore[attr-defined]
            "user": user.get_username() if getattr(user, "is_authenticated", False) else None,  # type: ignore[union-attr]
            "organisation": _organisations(user),
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(duration * 1000, 1),
            "db_ms": round(database.seconds * 1000, 1),
            "db_queries": database.queries,
        }
        logger.info(
            "%s %s %s %.1f ms", request.method, request.path, response.status_code, fields["duration_ms"], extra=fields
        )

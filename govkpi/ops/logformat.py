"""Log records as JSON lines (``GOVKPI_LOG_FORMAT=json``). Imports nothing of Django's models: logging is set up
before the applications are loaded."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
from typing import Any

# the id of the request being served (set by govkpi.ops.requestlog.RequestMiddleware)
REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("govkpi_request_id", default="")
FIELDS = ("request_id", "user", "organisation", "method", "path", "status", "duration_ms", "db_ms", "db_queries")


class JsonLinesFormatter(logging.Formatter):
    """A log record as one JSON object: time (UTC, ISO 8601), level, logger, message, the request's fields when
    there are any, the request id of the request being served, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            if field in record.__dict__:
                entry[field] = record.__dict__[field]
        if "request_id" not in entry:  # Django's own request records carry the request (logged after the middleware)
            request_id = getattr(getattr(record, "request", None), "request_id", None) or REQUEST_ID.get()
            if request_id:
                entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

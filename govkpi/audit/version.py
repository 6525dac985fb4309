"""The data version: the newest audit event, read in one place.

Every write goes through an action that records an `AuditEvent`, so the newest event changes with every approval,
import or admin edit. Caches key on it instead of listening for signals: the page cache and the API's read cache
(`dashboards.cache`, `api.etag`), the score store and the per-process criteria of `scorecards.incremental`.

The event's time is part of the version, not only its id: a rolled-back transaction may hand its id out again
(SQLite), never its time as well.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connections, router
from django.utils import timezone

from .models import AuditEvent


def data_version() -> tuple[int, dt.datetime] | None:
    """The newest audit event as ``(id, time)``; None when the log is empty.

    One indexed query, written as SQL because the ORM's query building costs more than the query itself here. It
    reads the database the request reads (a replica for public reads, `govkpi.ops.replicas`), so that a page cached
    under a version is never newer or older than the data it was made from.
    """
    connection = connections[router.db_for_read(AuditEvent)]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, at FROM {table} ORDER BY id DESC LIMIT 1")  # the table name is ours, not input
        row = cursor.fetchone()
    if row is None:
        return None
    event_id, at = row
    if isinstance(at, str):  # a backend without a datetime converter for raw queries
        at = dt.datetime.fromisoformat(at)
    if settings.USE_TZ and timezone.is_naive(at):  # SQLite stores UTC without the offset
        at = timezone.make_aware(at, dt.UTC)
    return int(event_id), at


def version_key() -> str | None:
    """The data version as ``"<id>.<time>"`` for cache keys; None when the log is empty."""
    version = data_version()
    if version is None:
        return None
    event_id, at = version
    return f"{event_id}.{at.isoformat()}"


def newest_event_id() -> int:
    """The id of the newest audit event; 0 when the log is empty."""
    version = data_version()
    return 0 if version is None else version[0]

"""Writing many results at once, for :func:`govkpi.results.actions.import_results` alone (the workbook loader calls
that action; no other module writes results or their history).

Each result created or changed gets an entry in its history, as an edit on the results page does: who loaded it,
through which channel, from which file, the status before and after, and what changed.

Created results are found by their creation time (one per load, `now`) and their entries written with one
INSERT … SELECT, so a load of a million results does not read them back into Python; changed ones are compared with
the values the load read before writing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection

from govkpi.audit.actions import actor_label
from govkpi.ops.progress import Bar
from govkpi.workbook import fast

from .choices import Step
from .models import Result, ResultEvent

COMPARED = ("value", "numerator", "denominator", "note", "evidence_url", "status")
ANALYZE_AFTER = 10_000  # rows created at once: refresh the database's statistics of the table
T = TypeVar("T")


def write(created: list[dict[str, Any]], updated: list[tuple[int, dict[str, Any]]], bar: Bar) -> None:
    """INSERT the new rows and UPDATE the changed ones (attname → value, every value given), advancing ``bar``
    after each batch. The batches are those :mod:`~govkpi.workbook.fast` sends anyway (``fast.BATCH`` rows per
    statement): the same statements as one call with every row, except that PostgreSQL gets a COPY per batch rather
    than one in all (within the same transaction)."""
    for batch in _batches(created):
        fast.insert(Result, batch)
        bar.advance(len(batch))
    if len(created) >= ANALYZE_AFTER:
        fast.analyze(Result)
    for changed in _batches(updated):
        fast.update(Result, changed)
        bar.advance(len(changed))


def _batches(rows: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(rows), fast.BATCH):
        yield rows[start : start + fast.BATCH]


COPIED = ("indicator_id", "org_id", "period", "fiscal_year", "value", "numerator", "denominator", "status", "note",
          "evidence_url", "created_at", "updated_at", "extra")


def copy_rows(rows: Iterable[Sequence[Any]]) -> int:
    """Stream new rows (values in the order of :data:`COPIED`, prepared for the database) into the results table:
    COPY on PostgreSQL, batches elsewhere. Returns how many."""
    count = fast.copy(Result, COPIED, rows)
    fast.analyze(Result)
    return count


def record_history(
    created: int,
    updated: list[tuple[int, dict[str, Any]]],
    before: dict[int, dict[str, Any]],
    *,
    now: datetime,
    acting_user: AbstractBaseUser | None,
    channel: str,
    source: str,
) -> None:
    actor = acting_user.pk if acting_user is not None and acting_user.is_authenticated else None
    who = actor_label(acting_user, channel)
    if created:
        _created(now, actor, who, channel, source)
    if updated:
        _updated(updated, before, now, actor, who, channel, source)


def _created(now: datetime, actor: int | None, who: str, channel: str, source: str) -> None:
    events, results = ResultEvent._meta.db_table, Result._meta.db_table
    quote = connection.ops.quote_name
    at = connection.ops.adapt_datetimefield_value(now)
    sql = (
        f"INSERT INTO {quote(events)} (result_id, at, actor_id, actor_label, channel, step, from_status, to_status,"
        f" comment, changes) SELECT id, %s, %s, %s, %s, %s, '', status, %s, %s FROM {quote(results)}"
        " WHERE created_at = %s"
    )  # table names are ours, every value a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [at, actor, who, channel, str(Step.IMPORT), source, "{}", at])


def _updated(
    updated: list[tuple[int, dict[str, Any]]], before: dict[int, dict[str, Any]], now: datetime, actor: int | None,
    who: str, channel: str, source: str,
) -> None:
    rows = []
    for pk, values in updated:
        old = before.get(pk, {})
        changes = {name: [old.get(name), values.get(name)] for name in COMPARED
                   if old.get(name) != values.get(name) and name != "status"}
        rows.append({
            "result_id": pk, "at": now, "actor_id": actor, "actor_label": who, "channel": channel,
            "step": str(Step.IMPORT), "from_status": old.get("status") or "", "to_status": values["status"],
            "comment": source, "changes": json.loads(json.dumps(changes, default=str)),
        })
    fast.insert(ResultEvent, rows)

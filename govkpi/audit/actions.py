"""Writing audit events. Every action that changes data calls `record` inside its own transaction."""

from __future__ import annotations

import contextlib
import getpass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from .anchors import anchor_on_commit
from .chain import GENESIS, event_hash, normalise
from .models import AuditEvent, AuditHead

SEALING_LOCK = 0x60FC_A0D1  # the PostgreSQL advisory lock the sealers take


def actor_label(user: AbstractBaseUser | None, channel: str) -> str:
    if user is not None and user.is_authenticated:
        return str(user.get_username())
    if channel == "cli":
        try:
            return f"cli:{getpass.getuser()}"
        except Exception:  # no login name in some containers
            return "cli"
    return channel


def record(
    *,
    acting_user: AbstractBaseUser | None,
    channel: str,
    action: str,
    object_type: str = "",
    object_key: str = "",
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event to the log, in the caller's transaction: it commits or rolls back with the change it records.

    The event takes its place in the hash chain (``seq``, ``prev_hash``, ``hash``) when it is sealed. On PostgreSQL
    that happens right after the writer's transaction commits, in a short transaction of its own that chains every
    event committed by then (`_seal_committed`), so writers never wait for each other on the chain head while their
    transactions are open (issue 17; docs/threat-model.md, "When an entry joins the chain"). SQLite admits one
    writer at a time anyway: there the event is chained at once, in the writer's transaction, and the returned event
    carries its place."""
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    with transaction.atomic(savepoint=False):  # inside the caller's transaction: no savepoint to make and release
        event = AuditEvent(
            at=timezone.now(),
            actor=actor,
            actor_label=actor_label(acting_user, channel),
            channel=channel,
            action=action,
            object_type=object_type,
            object_key=object_key[:500],
            changes=normalise(changes),
            reason=reason,
        )
        event.save()
        if connection.vendor == "postgresql":
            _seal_after_commit()
            return event
        for event_id, seq, prev, chained in _seal_locked(_take()):
            if event_id == event.pk:
                event.seq, event.prev_hash, event.hash = seq, prev, chained
        return event


def seal() -> int:
    """Chain every event not yet in the chain, now; returns how many. Waits for a sealer already at work. Readers of
    the chain (`verify`, checkpoints, backups) call it first, so that they see every committed event chained."""
    with transaction.atomic():
        count = len(_seal_locked(_take()))
    if connection.vendor == "postgresql":
        _seal_after_commit()  # writers that found the lock taken left their events to the one holding it: us
    return count


def _seal_after_commit() -> None:
    """Register, once per transaction, the sealing of what it wrote for when it commits."""
    if any(function is _seal_committed for _sids, function, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_seal_committed, robust=True)  # a failure is logged: the next sealing takes the events


def _seal_committed() -> None:
    """Seal what has committed, unless another writer is sealing: one sealer at a time takes every committed event,
    and the one who stops sealing looks once more after letting go, so an event committed while it held the lock is
    never left behind. A writer's request never waits for the chain: it seals, or someone else does. Under load
    another writer is usually sealing, or has chained this writer's event already: one query is then all it costs.
    Sealing alone costs four: look, lock and read the events with the head, the chaining, let go, and the look
    again."""
    while (found := _hold_if_worth()) is not None:
        try:
            _seal_locked(None, found)
        finally:
            _let_go()


def _hold_if_worth() -> list[tuple[Any, ...]] | None:
    """Take the sealers' lock if an event is left unchained and no sealer is at work, and read the unchained events
    with the chain head, in one statement; None when there is nothing to chain or someone holds the lock: the
    holder looks again after letting go, and that look comes after this writer's commit, so its event is chained
    then. The lock is the session's (`_let_go` lets go of it), so that the sealing needs no transaction of its own:
    each statement stands alone. The events are read as the statement began, a moment before the lock was taken:
    a sealer that chained them in that moment has moved the head, and the chaining, which moves the head only from
    the head read here (`_seal_locked`), then changes nothing."""
    events, heads = (connection.ops.quote_name(model._meta.db_table) for model in (AuditEvent, AuditHead))
    try:
        with connection.cursor() as cursor:  # table names are ours
            cursor.execute(
                f"WITH l AS (SELECT pg_try_advisory_lock(%s) AS held FROM (SELECT 1 FROM {events} WHERE seq IS NULL "
                f"LIMIT 1) AS pending) SELECT l.held, {', '.join(f'e.{name}' for name in FIELDS)}, h.seq, h.hash "
                f"FROM l LEFT JOIN {events} AS e ON l.held AND e.seq IS NULL LEFT JOIN {heads} AS h ON l.held "
                f"AND h.id = 1 ORDER BY e.id",
                [SEALING_LOCK],
            )
            rows = cursor.fetchall()
    except DatabaseError:
        with contextlib.suppress(DatabaseError):
            _let_go()  # in case the lock was taken before the statement failed
        raise
    if not rows or not rows[0][0]:
        return None
    return [row[1:] for row in rows if row[1] is not None]


def _let_go() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [SEALING_LOCK])


def _take() -> tuple[int, str]:
    """Take the sealers' lock and the chain head row for the rest of the transaction, waiting for a sealer at work:
    the head's (seq, hash). PostgreSQL: a transaction advisory lock and the head row locked too; SQLite's write lock
    already admits one writer."""
    heads = connection.ops.quote_name(AuditHead._meta.db_table)  # our table name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEALING_LOCK])
            cursor.execute(f"SELECT seq, hash FROM {heads} WHERE id = 1 FOR UPDATE")
        else:
            cursor.execute(f"SELECT seq, hash FROM {heads} WHERE id = 1")
        return _head(cursor.fetchone())


def _head(row: tuple[int, str] | None) -> tuple[int, str]:
    """The chain head's (seq, hash) from its row; without one, a new log's head is made (under the sealers'
    lock)."""
    if row is not None:
        return int(row[0]), row[1]
    if AuditEvent.objects.filter(seq__isnull=False).exists():
        raise HeadMissing("the audit chain head row is missing: run govkpi audit verify")
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS})
    return 0, GENESIS


FIELDS = ("id", "at", "actor_id", "actor_label", "channel", "action", "object_type", "object_key", "reason", "changes")
BATCH = 1000


def _seal_locked(head: tuple[int, str] | None, found: list[tuple[Any, ...]] | None = None,
                 ) -> list[tuple[int, int, str, str]]:
    """Give each unchained event, in id order, the next sequence number after ``head`` and its hash; move the head;
    returns (id, seq, prev_hash, hash) of each chained. Call holding the sealers' lock: `_take` in a transaction
    (``head`` its head; the events are read here), or `_hold_if_worth` (``head`` None, ``found`` what it read: the
    events' :data:`FIELDS` with the head's seq and hash). The anchor lines are written once the chaining commits.
    Few, plain queries: on PostgreSQL every write comes here once it commits."""
    events, heads = (connection.ops.quote_name(model._meta.db_table) for model in (AuditEvent, AuditHead))
    if head is None:
        if not found:
            return []
        row = found[0][-2:]
        if row[0] is None:  # no head as the read began: a new log, or a sealer chained the first events just now
            if AuditHead.objects.filter(pk=1).exists():
                return []  # the latter: the caller looks again
            row = None
        head = _head(row)
        changes = AuditEvent._meta.get_field("changes")
        rows = [(*row[:-3], changes.from_db_value(row[-3], None, connection)) for row in found]
    else:
        rows = list(AuditEvent.objects.filter(seq__isnull=True).order_by("id").values_list(*FIELDS))
    if not rows:
        return []
    seq, prev = head
    sealed, anchors = [], []
    for event_id, at, actor_id, actor_label, channel, action, object_type, object_key, reason, changes in rows:
        seq += 1
        chained = event_hash(seq=seq, prev_hash=prev, at=at, actor_id=actor_id, actor_label=actor_label,
                             channel=channel, action=action, object_type=object_type, object_key=object_key,
                             reason=reason, changes=changes)  # fmt: skip
        sealed.append((event_id, seq, prev, chained))
        anchors.append((seq, chained, at))
        prev = chained
    with connection.cursor() as cursor:  # table names are ours
        if connection.vendor != "postgresql":
            cursor.executemany(f"UPDATE {events} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s",
                               [(n, before, own, event_id) for event_id, n, before, own in sealed])  # fmt: skip
            cursor.execute(f"UPDATE {heads} SET seq = %s, hash = %s WHERE id = 1", [seq, prev])
            anchor_on_commit(anchors)
            return sealed
        # One statement per thousand events, each moving the head on only from where this sealer read it: a head
        # that moved meanwhile (someone else chained these events) changes nothing, and the sealing stops there.
        done = 0
        for start in range(0, len(sealed), BATCH):
            chunk = sealed[start:start + BATCH]
            _id, first_seq, head_hash, _hash = chunk[0]  # the head this chunk follows: (first_seq - 1, head_hash)
            _id, last_seq, _prev, last_hash = chunk[-1]
            cursor.execute(
                f"WITH cur AS (SELECT id FROM {heads} WHERE id = 1 AND seq = %s AND hash = %s FOR UPDATE), "
                f"chained AS (UPDATE {events} AS e SET seq = v.seq, prev_hash = v.prev, hash = v.hash FROM (VALUES "
                + ", ".join(["(%s::bigint, %s::bigint, %s, %s)"] * len(chunk))
                + f") AS v(id, seq, prev, hash), cur WHERE e.id = v.id AND e.seq IS NULL) "
                f"UPDATE {heads} AS h SET seq = %s, hash = %s FROM cur WHERE h.id = cur.id",
                [first_seq - 1, head_hash, *(value for row in chunk for value in row), last_seq, last_hash],
            )
            if cursor.rowcount != 1:
                break
            done += len(chunk)
    anchor_on_commit(anchors[:done])
    return sealed[:done]


class HeadMissing(RuntimeError):
    """The chain head row is gone while chained events remain: nothing is chained until someone looks
    (`govkpi audit verify` says what is wrong)."""

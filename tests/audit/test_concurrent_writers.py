"""Concurrent writers on PostgreSQL cannot fork the chain: every event links to exactly one predecessor; and no
writer waits for another's open transaction to write its own event (the chain is sealed after commit)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections, transaction

from govkpi.audit import actions
from govkpi.audit.actions import record
from govkpi.audit.models import AuditEvent
from govkpi.audit.verify import verify

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by itself (IMMEDIATE transactions); this checks PostgreSQL")

WRITERS, EACH = 8, 25


def write(n: int) -> None:
    try:
        for i in range(EACH):
            record(acting_user=None, channel="api", action="test.concurrent", object_key=f"{n}-{i}")
    finally:
        connections.close_all()


def test_eight_writers_at_once_leave_one_unbroken_chain():
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(write, range(WRITERS)))
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, WRITERS * EACH + 1))
    assert len(set(AuditEvent.objects.values_list("prev_hash", flat=True))) == WRITERS * EACH
    assert verify() == (WRITERS * EACH, None)


def test_a_writer_does_not_wait_for_another_writers_open_transaction():
    recorded, release = threading.Event(), threading.Event()

    def slow() -> None:
        try:
            with transaction.atomic():
                record(acting_user=None, channel="web", action="test.slow")
                recorded.set()
                release.wait(30)  # a long transaction: an upload, a big import
        finally:
            connections.close_all()

    def quick() -> float:
        try:
            started = time.monotonic()
            with transaction.atomic():
                record(acting_user=None, channel="api", action="test.quick")
            return time.monotonic() - started
        finally:
            connections.close_all()

    with ThreadPoolExecutor(2) as pool:
        held = pool.submit(slow)
        assert recorded.wait(30)
        took = pool.submit(quick).result(timeout=20)  # before the sealing change: blocked on the chain head
        assert AuditEvent.objects.get(action="test.quick").seq == 1  # chained once it committed
        release.set()
        held.result(timeout=30)
    assert took < 10
    chain = list(AuditEvent.objects.order_by("seq").values_list("action", "seq"))
    assert chain == [("test.quick", 1), ("test.slow", 2)]
    assert verify() == (2, None)


def slow_writer(n: int) -> None:
    """Transactions that stay open a moment after their event: commits land while others are sealing."""
    try:
        for i in range(EACH):
            with transaction.atomic():
                record(acting_user=None, channel="api", action="test.concurrent", object_key=f"{n}-{i}")
                time.sleep(0.002 * (n % 3))
    finally:
        connections.close_all()


def test_events_committed_while_another_writer_seals_are_chained_by_someone():
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(slow_writer, range(WRITERS)))
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()  # no event left for the next write to chain
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, WRITERS * EACH + 1))
    assert verify() == (WRITERS * EACH, None)


def test_many_events_of_one_transaction_are_chained_batch_by_batch(monkeypatch):
    monkeypatch.setattr(actions, "BATCH", 3)
    with transaction.atomic():
        for i in range(7):
            record(acting_user=None, channel="workbook", action="test.batch", object_key=str(i))
    chain = list(AuditEvent.objects.order_by("seq").values_list("object_key", "seq"))
    assert chain == [(str(i), i + 1) for i in range(7)]
    assert verify() == (7, None)


def unchained(monkeypatch, action: str) -> None:
    """An event committed while nobody seals (as when the writer's process stops right after its commit)."""
    with monkeypatch.context() as patch:
        patch.setattr(actions, "_seal_committed", lambda: None)
        record(acting_user=None, channel="api", action=action,
               changes={"value": [None, 72.5], "note": ["", "ไตรมาสแรก"], "status": ["draft", "submitted"]})
    assert AuditEvent.objects.get(action=action).seq is None


def test_a_sealer_that_read_an_old_head_changes_nothing(monkeypatch):
    record(acting_user=None, channel="api", action="test.first")  # chained: the head is at 1
    unchained(monkeypatch, "test.second")
    assert actions._seal_locked((0, actions.GENESIS)) == []  # computed from the head before the first: refused
    assert AuditEvent.objects.get(action="test.second").seq is None
    assert actions.seal() == 1
    assert list(AuditEvent.objects.order_by("seq").values_list("action", "seq")) == [("test.first", 1),
                                                                                    ("test.second", 2)]
    assert verify() == (2, None)


@pytest.mark.parametrize("chained_before", [0, 1])
def test_a_sealer_whose_read_another_sealer_overtook_changes_nothing(monkeypatch, chained_before):
    """The writer's look takes the lock and reads the events in one statement, whose snapshot is a moment older
    than its lock: what another sealer chained in that moment is refused by the head's compare-and-set, and a
    head that did not exist yet (a new log) is not taken for a missing one."""
    for i in range(chained_before):
        record(acting_user=None, channel="api", action=f"test.before{i}")
    unchained(monkeypatch, "test.raced")
    found = actions._hold_if_worth()
    actions._let_go()
    assert found is not None and [row[0] for row in found] == [AuditEvent.objects.get(action="test.raced").pk]
    assert actions.seal() == 1  # another sealer chains it meanwhile
    assert actions._seal_locked(None, found) == []
    assert verify() == (chained_before + 1, None)
    assert actions._hold_if_worth() is None and advisory_locks() == 0  # nothing left: no lock taken


def advisory_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        return cursor.fetchone()[0]


def test_a_writer_lets_go_of_the_sealers_lock_even_when_sealing_fails(monkeypatch):
    unchained(monkeypatch, "test.left")
    with monkeypatch.context() as patch:
        patch.setattr(actions, "_seal_locked", lambda head, found: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            actions._seal_committed()
    assert advisory_locks() == 0
    actions._seal_committed()  # the next writer's sealing takes it
    assert advisory_locks() == 0
    assert AuditEvent.objects.get(action="test.left").seq == 1
    assert verify() == (1, None)

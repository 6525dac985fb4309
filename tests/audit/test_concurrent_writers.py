"""Concurrent writers on PostgreSQL cannot fork the chain: every event links to exactly one predecessor."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from govkpi.audit.actions import record
from govkpi.audit.models import AuditEvent
from govkpi.audit.verify import verify

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS, EACH = 8, 25


def write(n: int) -> None:
    try:
        for i in range(EACH):
            record(acting_user=None, channel="api", action="test.concurrent", object_key=f"{n}-{i}")
    finally:
        connections.close_all()


def test_eight_writers_at_once_leave_one_unbroken_chain():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by itself (IMMEDIATE transactions); this checks PostgreSQL")
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(write, range(WRITERS)))
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, WRITERS * EACH + 1))
    assert len(set(AuditEvent.objects.values_list("prev_hash", flat=True))) == WRITERS * EACH
    assert verify() == (WRITERS * EACH, None)

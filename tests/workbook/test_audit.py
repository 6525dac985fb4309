"""One audit event per load that changes something: per-table counts and the file's sha256."""

import hashlib

import pytest

from govkpi.audit.models import AuditEvent
from govkpi.workbook.actions import load_workbook

from .conftest import BASE, write_json

pytestmark = pytest.mark.django_db


def test_a_load_records_one_event_with_counts_and_checksum(tmp_path, django_user_model):
    alice = django_user_model.objects.create_user("alice", password="x")
    path = write_json(tmp_path / "w.json", BASE)
    load_workbook(path, acting_user=alice, channel="workbook")
    event = AuditEvent.objects.get(action="workbook.load")
    imported = AuditEvent.objects.get(action="results.result.import")  # the results action records its part
    assert (imported.object_key, imported.changes) == ("w.json", {"created": 4, "updated": 0})
    assert (event.action, event.channel, event.actor) == ("workbook.load", "workbook", alice)
    assert event.object_key == "w.json"
    assert event.changes["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert event.changes["tables"]["results"] == {"created": 4, "updated": 0, "unchanged": 0}
    assert set(event.changes["tables"]) == set(BASE)  # PostgreSQL's jsonb keeps no key order


def test_a_load_that_changes_nothing_records_nothing(tmp_path, loaded):
    load_workbook(write_json(tmp_path / "again.json", BASE))
    assert AuditEvent.objects.filter(action="workbook.load").count() == 1


def test_a_dry_run_records_nothing(tmp_path, db):
    load_workbook(write_json(tmp_path / "w.json", BASE), dry_run=True)
    assert not AuditEvent.objects.exists()

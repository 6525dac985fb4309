"""Restore writes nothing when the backup is damaged, of another schema, or the database already holds data."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from govkpi.audit.models import AuditEvent
from govkpi.ops.actions import backup, restore
from govkpi.ops.backup import BackupError, sign
from govkpi.orgs.models import OrgUnit


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_database_with_data_is_not_overwritten(demo, tmp_path):
    backup(tmp_path / "backup")
    with pytest.raises(BackupError, match="already holds data"):
        restore(tmp_path / "backup")


def test_a_changed_table_file_is_refused_before_anything_is_written(demo, tmp_path):
    backup(tmp_path / "backup")
    table = tmp_path / "backup" / "tables" / "orgs.orgunit.jsonl"
    table.write_text(table.read_text(encoding="utf-8").replace("แพร่", "น่าน"), encoding="utf-8")
    orgs, events = OrgUnit.objects.count(), AuditEvent.objects.count()
    with pytest.raises(BackupError, match="orgs.orgunit.jsonl: its contents changed"):
        restore(tmp_path / "backup", force=True)
    assert (OrgUnit.objects.count(), AuditEvent.objects.count()) == (orgs, events)


def test_a_media_path_that_climbs_out_is_refused(demo, tmp_path):
    backup(tmp_path / "backup")
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["evidence/../../escaped.txt"] = "0" * 64
    manifest_path.write_text(json.dumps(sign(manifest)))  # signed with the key: the path is refused all the same
    with pytest.raises(BackupError, match="outside the backup"):
        restore(tmp_path / "backup", force=True)
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_a_backup_of_other_migrations_is_refused(demo, tmp_path):
    backup(tmp_path / "backup")
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["migrations"]["audit"] = "9999_future"
    manifest_path.write_text(json.dumps(sign(manifest)))
    with pytest.raises(BackupError, match="other migrations"):
        restore(tmp_path / "backup", force=True)


def test_the_command_exits_2_with_a_reason(demo, tmp_path):
    with pytest.raises(CommandError, match="Restore failed|กู้คืนไม่สำเร็จ") as error:
        call_command("restore", str(tmp_path / "nowhere"))
    assert error.value.returncode == 2


def test_backup_will_not_write_into_a_directory_with_files(demo, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("x")
    with pytest.raises(BackupError, match="not empty"):
        backup(tmp_path / "full")


def test_the_reasons_are_in_thai_by_default(demo, tmp_path):
    backup(tmp_path / "backup")
    with translation.override("th"), pytest.raises(BackupError, match="ฐานข้อมูลมีข้อมูลอยู่แล้ว"):
        restore(tmp_path / "backup")

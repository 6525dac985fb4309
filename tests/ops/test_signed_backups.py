"""Backups are signed with a key that is not in them: an edited file whose checksum was recomputed in the manifest is
refused, an unsigned backup only with --trust-unsigned, and every check happens before a table or file is written."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from govkpi.audit.models import AuditEvent
from govkpi.ops.actions import backup, restore
from govkpi.ops.backup import BackupError, sign
from govkpi.orgs.models import OrgUnit

from .conftest import EVIDENCE, environment, govkpi

EVIDENCE_FILE = "evidence/2565/ผลงาน G01-1.pdf"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def manifest_of(directory: Path) -> dict:
    return json.loads((directory / "manifest.json").read_text(encoding="utf-8"))


def save(directory: Path, manifest: dict) -> None:
    (directory / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def live_files_gone(settings) -> None:
    """Remove the live evidence and upload, so any file a refused restore copies back shows."""
    (settings.EVIDENCE_ROOT / "2565" / "ผลงาน G01-1.pdf").unlink()
    (settings.MEDIA_ROOT / "logo.png").unlink()


def nothing_written(settings, counts: tuple[int, int]) -> None:
    assert (OrgUnit.objects.count(), AuditEvent.objects.count()) == counts
    roots = (settings.EVIDENCE_ROOT, settings.MEDIA_ROOT)
    written = [p for root in roots for p in Path(root).rglob("*") if p.is_file()]
    assert written == [], f"a refused restore wrote {written}"


def test_the_manifest_is_signed(demo, tmp_path):
    backup(tmp_path / "backup")
    signature = manifest_of(tmp_path / "backup")["signature"]
    assert signature["algorithm"] == "hmac-sha256" and signature["key"] == "SECRET_KEY"
    assert len(signature["value"]) == 64


def test_an_edited_table_file_with_its_checksum_recomputed_is_refused_and_nothing_written(demo, settings, tmp_path):
    backup(tmp_path / "backup")
    table = tmp_path / "backup" / "tables" / "orgs.orgunit.jsonl"
    table.write_text(table.read_text(encoding="utf-8").replace("แพร่", "น่าน"), encoding="utf-8")
    manifest = manifest_of(tmp_path / "backup")
    for entry in manifest["tables"]:
        if entry["model"] == "orgs.orgunit":
            entry["sha256"] = sha256(table)
    save(tmp_path / "backup", manifest)
    live_files_gone(settings)
    counts = (OrgUnit.objects.count(), AuditEvent.objects.count())
    with pytest.raises(BackupError, match="signature does not match: the manifest was changed after the backup"):
        restore(tmp_path / "backup", force=True)
    nothing_written(settings, counts)
    assert not OrgUnit.objects.filter(name_th__contains="น่าน").exists()


def test_an_edited_evidence_file_is_refused_before_any_file_is_copied(demo, settings, tmp_path):
    backup(tmp_path / "backup")
    (tmp_path / "backup" / EVIDENCE_FILE).write_bytes(b"%PDF-1.4 another story\n")
    live_files_gone(settings)
    counts = (OrgUnit.objects.count(), AuditEvent.objects.count())
    with pytest.raises(BackupError, match="ผลงาน G01-1.pdf: its contents changed"):
        restore(tmp_path / "backup", force=True)
    nothing_written(settings, counts)

    manifest = manifest_of(tmp_path / "backup")  # and with its checksum recomputed: the signature
    manifest["files"][EVIDENCE_FILE] = sha256(tmp_path / "backup" / EVIDENCE_FILE)
    save(tmp_path / "backup", manifest)
    with pytest.raises(BackupError, match="signature does not match"):
        restore(tmp_path / "backup", force=True)
    nothing_written(settings, counts)


def test_rows_that_break_a_foreign_key_are_refused_before_any_file_is_copied(demo, settings, tmp_path):
    backup(tmp_path / "backup")
    table = tmp_path / "backup" / "tables" / "plans.indicator.jsonl"
    lines = table.read_text(encoding="utf-8").splitlines()
    columns = json.loads(lines[0])
    row = json.loads(lines[1])
    row[columns.index("goal_id")] = 999_999
    table.write_text("\n".join([lines[0], json.dumps(row, ensure_ascii=False), *lines[2:]]) + "\n", encoding="utf-8")
    manifest = manifest_of(tmp_path / "backup")  # signed by someone holding the key: the rows still do not fit
    for entry in manifest["tables"]:
        if entry["model"] == "plans.indicator":
            entry["sha256"] = sha256(table)
    save(tmp_path / "backup", sign(manifest))
    live_files_gone(settings)
    counts = (OrgUnit.objects.count(), AuditEvent.objects.count())
    with pytest.raises(BackupError, match="do not fit together"):
        restore(tmp_path / "backup", force=True)
    nothing_written(settings, counts)


def test_an_unsigned_backup_is_refused_unless_trusted(demo, settings, tmp_path):
    backup(tmp_path / "backup")
    manifest = manifest_of(tmp_path / "backup")
    del manifest["signature"]  # as an older govkpi wrote them
    save(tmp_path / "backup", manifest)
    with pytest.raises(BackupError, match="is not signed .* --trust-unsigned"):
        restore(tmp_path / "backup", force=True)
    with pytest.raises(CommandError, match="Restore failed, nothing was changed: .*not signed") as failure:
        call_command("restore", str(tmp_path / "backup"), "--force")
    assert failure.value.returncode == 2

    live_files_gone(settings)
    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(tmp_path / "backup"), "--force", "--trust-unsigned", stdout=out, stderr=err)
    assert "Restored" in out.getvalue() and "not signed" in err.getvalue()
    assert (settings.EVIDENCE_ROOT / "2565" / "ผลงาน G01-1.pdf").read_bytes() == EVIDENCE
    assert AuditEvent.objects.order_by("-id").first().changes["signed"] is False


def test_trust_unsigned_does_not_let_a_bad_signature_through(demo, tmp_path):
    backup(tmp_path / "backup")
    manifest = manifest_of(tmp_path / "backup")
    manifest["created"] = "2000-01-01T00:00:00+00:00"
    save(tmp_path / "backup", manifest)
    with pytest.raises(BackupError, match="signature does not match"):
        restore(tmp_path / "backup", force=True, trust_unsigned=True)


def test_a_backup_key_of_its_own(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVKPI_BACKUP_KEY", "the province's backup key")
    backup(tmp_path / "backup")
    assert manifest_of(tmp_path / "backup")["signature"]["key"] == "GOVKPI_BACKUP_KEY"
    monkeypatch.setenv("GOVKPI_BACKUP_KEY", "another key")
    with pytest.raises(BackupError, match="signed with another key; restore with the SECRET_KEY or GOVKPI_BACKUP_KEY"):
        restore(tmp_path / "backup", force=True)
    monkeypatch.setenv("GOVKPI_BACKUP_KEY", "the province's backup key")
    assert restore(tmp_path / "backup", force=True).files == 2


def test_a_good_backup_restores_with_its_anchors(tmp_path, other_database):
    """Through the commands, as in docs/deployment.md: the audit chain, its anchors and the evidence come back."""
    source = environment(tmp_path / "source", None)
    govkpi("migrate", "-v0", env=source)
    govkpi("load-demo", "--with-admin", env=source)
    (tmp_path / "source" / "evidence" / "2565").mkdir(parents=True)
    (tmp_path / "source" / "evidence" / "2565" / "r1.pdf").write_bytes(b"%PDF-1.4 evidence")
    anchored = (tmp_path / "source" / "audit-anchors.log").read_text().splitlines()
    assert anchored, "load-demo committed audit entries: each left an anchor"
    govkpi("backup", str(tmp_path / "backup"), env=source)
    assert (tmp_path / "backup" / "audit-anchors.log").read_text().splitlines() == anchored

    target = environment(tmp_path / "target", other_database)
    target["SECRET_KEY"] = source["SECRET_KEY"]
    (tmp_path / "target" / "audit-anchors.log").write_text("seq=1 hash=" + "b" * 64 + " at=stale\n")
    govkpi("migrate", "-v0", env=target)
    govkpi("restore", str(tmp_path / "backup"), env=target)

    restored = (tmp_path / "target" / "audit-anchors.log").read_text().splitlines()
    assert restored[: len(anchored)] == anchored and len(restored) == len(anchored) + 1  # + ops.restore
    assert [p.name.split(".replaced-")[0] for p in (tmp_path / "target").glob("audit-anchors.log.replaced-*")] == [
        "audit-anchors.log"
    ]
    verified = govkpi("audit", "verify", env=target).stdout
    assert "intact" in verified and f"{len(anchored) + 1} entries recorded" in verified and "all match" in verified
    assert (tmp_path / "target" / "evidence" / "2565" / "r1.pdf").read_bytes() == b"%PDF-1.4 evidence"

    other_key = environment(tmp_path / "elsewhere", None)  # a machine without the province's key
    govkpi("migrate", "-v0", env=other_key)
    refused = govkpi("restore", str(tmp_path / "backup"), env=other_key, check=False)
    assert refused.returncode == 2 and "GOVKPI_BACKUP_KEY" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "elsewhere" / "evidence").exists()

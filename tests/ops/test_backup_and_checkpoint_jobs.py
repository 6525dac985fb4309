"""The nightly backup and audit checkpoint as jobs (issue 20): `govkpi backup --dated` keeps the newest N dated
backups and never touches anything else; the checkpoint job appends a checkpoint that `audit verify` accepts."""

from __future__ import annotations

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from govkpi.audit.models import AuditEvent
from govkpi.demo.actions import load_demo
from govkpi.ops.backup import MANIFEST, prune_dated
from govkpi.ops.jobs import run_due

BANGKOK = ZoneInfo("Asia/Bangkok")
NIGHT = dt.datetime(2026, 11, 30, 3, 0, tzinfo=BANGKOK)


def backup(*args: str) -> str:
    out = io.StringIO()
    call_command("backup", *args, "-v0", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_dated_backups_keep_the_newest_and_leave_other_folders_alone(tmp_path, settings):
    settings.GOVKPI_BACKUP_DIR = tmp_path
    load_demo()
    (tmp_path / "by-hand").mkdir()  # someone's own copy: never removed
    (tmp_path / "20200101T000000Z").mkdir()  # named like one, but no manifest: never removed
    old = [tmp_path / f"2026010{day}T020000Z" for day in (1, 2, 3)]
    for folder in old:
        folder.mkdir()
        (folder / MANIFEST).write_text("{}")
    out = backup("--dated", "--keep", "2")
    made = sorted(p for p in tmp_path.iterdir() if (p / MANIFEST).is_file())
    assert len(made) == 2 and made[0] == old[-1]  # the new one and the newest old one
    assert json.loads((made[1] / MANIFEST).read_text())["tables"]  # the new one is a real backup
    assert (tmp_path / "by-hand").is_dir() and (tmp_path / "20200101T000000Z").is_dir()
    assert out.count("\n") == 2  # backed up, and removed the two oldest


def test_pruning_an_absent_folder_removes_nothing(tmp_path):
    assert prune_dated(tmp_path / "nothing-here", 3) == []


@pytest.mark.parametrize("args", [[], ["somewhere", "--keep", "3"], ["--dated", "--keep", "0"]])
@pytest.mark.django_db
def test_backup_refuses_what_it_cannot_do(tmp_path, args):
    with pytest.raises(CommandError):
        call_command("backup", *args, "-v0")


@pytest.mark.django_db
def test_the_backup_and_checkpoint_jobs_run_from_the_schedule(tmp_path, settings):
    settings.GOVKPI_BACKUP_DIR = tmp_path / "backups"
    settings.GOVKPI_CHECKPOINT_FILE = tmp_path / "checkpoints.log"
    settings.GOVKPI_JOBS = {"backup": "daily 02:30", "checkpoint": "daily 02:45"}
    load_demo()
    ran = run_due(NIGHT, host="app-1")
    assert [(r.job.name, r.ok) for r in ran] == [("backup", True), ("checkpoint", True)], [r.summary for r in ran]
    assert len(list((tmp_path / "backups").iterdir())) == 1
    line = (tmp_path / "checkpoints.log").read_text().strip().splitlines()[-1]
    assert json.loads(line)["seq"] >= 1
    out = io.StringIO()
    call_command("audit", "verify", "--checkpoint", str(tmp_path / "checkpoints.log"), stdout=out)
    assert "intact" in out.getvalue()
    assert AuditEvent.objects.filter(action="ops.job.run").count() == 2

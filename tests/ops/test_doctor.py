"""`govkpi doctor`: exit 0 on a sound installation (warnings allowed); exit 1 naming the problem and its fix, in
Thai and in English, when evidence cannot be written, Chromium is missing, the audit chain was tampered with, the
database is not migrated or the secret key is not kept."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from govkpi.audit.actions import record, seal
from govkpi.audit.models import AuditEvent
from govkpi.demo.actions import load_demo
from govkpi.ops.models import JobState
from govkpi.reports import pdf
from govkpi.scorecards.incremental import materialise

from .conftest import environment, govkpi

pytestmark = pytest.mark.django_db
CHROMIUM = Path("/usr/bin/chromium")


def doctor(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("doctor", *args, stdout=out)
    except SystemExit as exit:
        return int(exit.code), out.getvalue()
    return 0, out.getvalue()


def findings(*args: str) -> tuple[int, dict[str, dict[str, str]]]:
    code, output = doctor("--format", "json", *args)
    return code, {finding["check"]: finding for finding in json.loads(output)}


@pytest.fixture
def installation(settings, tmp_path, monkeypatch):
    """A sound installation: its own data directory with the key kept in it, the demo loaded, the store filled."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium")
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    key = settings.DATA_DIR / "secret-key"
    key.write_text(settings.SECRET_KEY)
    key.chmod(0o600)
    monkeypatch.setenv("SECRET_KEY", settings.SECRET_KEY)  # production: the key in /etc/govkpi/env
    settings.EVIDENCE_ROOT = tmp_path / "data" / "evidence"
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    monkeypatch.setattr(pdf, "CHROMIUM", CHROMIUM)
    load_demo()
    materialise(2565)
    seal()  # what its commits did (the test's transaction never commits)
    return tmp_path


def test_a_sound_installation_exits_0(installation):
    code, found = findings("--lang", "en")
    assert code == 0
    assert [check for check, finding in found.items() if finding["status"] == "problem"] == []
    assert list(found) == [
        "database",
        "pdf",
        "storage",
        "secret_key",
        "audit",
        "score_store",
        "jobs",
        "email",
        "line",
        "debug",
    ]
    assert found["audit"]["status"] == found["score_store"]["status"] == found["secret_key"]["status"] == "ok"
    assert found["score_store"]["message"] == "current for fiscal years 2565"
    assert found["email"]["status"] == "warning"  # the tests' mail stays in memory: reported, not fatal


def test_the_table_has_one_line_per_check_and_a_verdict(installation):
    code, output = doctor("--lang", "th")
    lines = output.strip().splitlines()
    assert code == 0 and len(lines) == 11
    assert lines[0].split("\t")[:2] == ["ปกติ", "ฐานข้อมูล"]
    assert lines[-1].startswith("ระบบปกติ")


def test_unwritable_evidence_storage_is_a_problem(installation, settings):
    blocker = installation / "not-a-directory"
    blocker.write_text("a file where the evidence directory should be")
    settings.EVIDENCE_ROOT = blocker / "evidence"
    code, output = doctor("--lang", "en")
    assert code == 1
    line = next(line for line in output.splitlines() if "File storage" in line)
    assert line.startswith("problem\t")
    assert f"{blocker} is not a writable directory" in line
    assert "Fix: Create the directory and give it to the user govkpi runs as" in line
    code, output = doctor("--lang", "th")
    line = next(line for line in output.splitlines() if "ที่เก็บไฟล์" in line)
    assert line.startswith("ปัญหา\t") and "ไม่ใช่โฟลเดอร์ที่เขียนได้" in line and "วิธีแก้: สร้างโฟลเดอร์" in line
    assert output.strip().splitlines()[-1].startswith("ระบบมีปัญหา: ปัญหา 1 รายการ")


def test_missing_chromium_is_a_problem(installation, monkeypatch):
    monkeypatch.setattr(pdf, "CHROMIUM", installation / "no-chromium")
    code, found = findings("--lang", "en")
    assert code == 1
    assert found["pdf"]["status"] == "problem"
    assert found["pdf"]["message"] == f"no Chromium at {installation / 'no-chromium'}: PDF reports cannot be printed"
    assert found["pdf"]["fix"] == "Install it (apt-get install chromium) or set GOVKPI_CHROMIUM to its path."
    code, found = findings("--lang", "th")
    assert found["pdf"]["fix"].startswith("ติดตั้ง (apt-get install chromium)")


def test_a_tampered_audit_chain_is_a_problem(installation):
    event = AuditEvent.objects.order_by("seq").first()  # the demo load
    AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten later")
    code, found = findings("--lang", "en")
    assert code == 1
    assert found["audit"]["status"] == "problem"
    assert f"audit entry #{event.seq} (id {event.pk}) was altered" in found["audit"]["message"]
    assert found["audit"]["fix"].startswith("Run `govkpi audit verify` for every detail")
    code, found = findings("--lang", "th")
    assert found["audit"]["label"] == "สายบันทึกการตรวจสอบ"
    assert found["audit"]["fix"].startswith("สั่ง `govkpi audit verify`")


def test_a_stale_score_store_is_a_warning_only(installation):
    record(
        acting_user=None,
        channel="admin",
        action="plans.criterion.change",
        object_type="plans.criterion",
        object_key="1",
    )  # an admin edit of a criterion: the store is stale until materialised again
    code, found = findings("--lang", "en")
    assert code == 0
    assert found["score_store"]["status"] == "warning"
    assert found["score_store"]["message"].startswith("not current for fiscal years 2565")
    assert found["score_store"]["fix"] == "Run `govkpi materialise` (and nightly from cron)."


def test_a_failed_job_is_a_warning(installation):
    JobState.objects.create(
        name="remind", outcome="failed", summary="SMTPServerDisconnected: Connection unexpectedly closed"
    )
    code, found = findings("--lang", "en")
    assert code == 0 and found["jobs"]["status"] == "warning"
    assert found["jobs"]["message"] == (
        "the last run failed — remind: SMTPServerDisconnected: Connection unexpectedly closed"
    )
    assert found["jobs"]["fix"].startswith("Run `govkpi jobs run-due` by hand")


def test_a_key_made_for_this_process_only_is_a_problem(installation, settings, monkeypatch):
    monkeypatch.delenv("SECRET_KEY")
    (settings.DATA_DIR / "secret-key").unlink()  # the key in use is kept nowhere: the next start makes another
    code, found = findings("--lang", "en")
    assert code == 1
    assert found["secret_key"]["status"] == "problem"
    assert found["secret_key"]["fix"].startswith("Set SECRET_KEY in the environment")


def test_a_key_kept_in_the_data_directory_is_sound_until_others_may_read_it(installation, settings, monkeypatch):
    monkeypatch.delenv("SECRET_KEY")
    code, found = findings("--lang", "en")
    assert found["secret_key"]["message"].startswith(f"kept in {settings.DATA_DIR / 'secret-key'}")
    assert code == 0 and found["secret_key"]["status"] in ("ok", "warning")  # a warning on PostgreSQL: several hosts
    os.chmod(settings.DATA_DIR / "secret-key", 0o644)
    code, found = findings("--lang", "en")
    assert code == 0 and found["secret_key"]["status"] == "warning"
    assert found["secret_key"]["fix"] == "Run chmod 600 on the file (or set SECRET_KEY in the environment)."


def test_debug_in_production_is_a_problem(installation, settings):
    settings.DEBUG = True
    settings.ALLOWED_HOSTS = ["kpi.phrae.go.th"]
    code, found = findings("--lang", "en")
    assert code == 1 and found["debug"]["fix"] == "Set DEBUG=0 in the environment and restart."


def test_the_command_line_exits_1_on_an_unmigrated_database(tmp_path):
    """A fresh process against a new, empty database: the database problem, and the checks that need it skipped."""
    done = govkpi("doctor", "--lang", "en", env=environment(tmp_path / "data", None), check=False)
    assert done.returncode == 1, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("problem\tDatabase\t")
    assert "migrations not applied" in lines[0] and lines[0].endswith("Fix: Run `govkpi migrate`.")
    assert any(line.startswith("warning\tAudit chain\tnot checked: the database is not ready") for line in lines)

"""Periodic jobs: schedules in Bangkok time, `govkpi jobs` lists them, `govkpi jobs run-due` runs what is due once
— never twice for one scheduled time, even when two hosts ask at the same moment — and each run is audited."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sqlite3
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from govkpi.audit.models import AuditEvent
from govkpi.audit.verify import verify
from govkpi.demo.actions import load_demo
from govkpi.ops import jobs
from govkpi.ops.jobs import Job, Schedule, claim, run_due
from govkpi.ops.models import JobState
from govkpi.scorecards.incremental import policy_and_store

from .conftest import environment, govkpi

BANGKOK = ZoneInfo("Asia/Bangkok")
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=BANGKOK)  # a Monday


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BANGKOK)


def test_schedules_give_the_newest_time_passed_and_the_next():
    assert Schedule("daily 03:15").latest(MONDAY_9) == at(2026, 11, 30, 3, 15)
    assert Schedule("daily 23:00").latest(MONDAY_9) == at(2026, 11, 29, 23, 0)
    assert Schedule("weekly mon 08:00").latest(MONDAY_9) == at(2026, 11, 30, 8, 0)
    assert Schedule("weekly mon 10:00").latest(MONDAY_9) == at(2026, 11, 23, 10, 0)
    assert Schedule("weekly fri 17:30").latest(MONDAY_9) == at(2026, 11, 27, 17, 30)
    assert Schedule("hourly 05").latest(MONDAY_9) == at(2026, 11, 30, 8, 5)
    assert Schedule("daily 03:15").following(MONDAY_9) == at(2026, 12, 1, 3, 15)
    assert Schedule("weekly mon 10:00").following(MONDAY_9) == at(2026, 11, 30, 10, 0)
    assert Schedule("off").latest(MONDAY_9) is None


def test_a_monthly_schedule_runs_on_its_day_of_every_month():
    assert Schedule("monthly 5 07:00").latest(MONDAY_9) == at(2026, 11, 5, 7, 0)
    assert Schedule("monthly 28 07:00").latest(MONDAY_9) == at(2026, 11, 28, 7, 0)
    assert Schedule("monthly 1 00:00").latest(at(2027, 1, 1, 0, 0)) == at(2027, 1, 1, 0, 0)
    assert Schedule("monthly 1 09:00").latest(at(2027, 1, 1, 8, 59)) == at(2026, 12, 1, 9, 0)
    assert Schedule("monthly 15 07:00").latest(at(2027, 1, 10)) == at(2026, 12, 15, 7, 0)  # back across the year
    assert Schedule("monthly 5 07:00").following(MONDAY_9) == at(2026, 12, 5, 7, 0)
    assert Schedule("monthly 5 07:00").following(at(2026, 12, 20)) == at(2027, 1, 5, 7, 0)
    assert Schedule("monthly 28 07:00").following(at(2027, 1, 28, 8, 0)) == at(2027, 2, 28, 7, 0)


@pytest.mark.parametrize("text", ["daily 3.15", "daily 24:00", "weekly 08:00", "weekly xyz 08:00", "hourly 60",
                                  "daily mon 08:00", "sometimes", "monthly 07:00", "monthly 0 07:00",
                                  "monthly 29 07:00", "monthly mon 07:00", "weekly 5 07:00"])
def test_a_schedule_that_means_nothing_is_refused(text):
    with pytest.raises(ImproperlyConfigured, match="daily HH:MM"):
        Schedule(text)


@pytest.mark.django_db
def test_a_due_job_runs_once_per_scheduled_time_and_is_audited(settings):
    settings.GOVKPI_JOBS = {"materialise": "daily 03:15", "remind": "off"}
    load_demo()
    [ran] = run_due(MONDAY_9, host="app-1")
    assert (ran.job.name, ran.slot, ran.ok) == ("materialise", at(2026, 11, 30, 3, 15), True)
    assert ran.summary.startswith("ปีงบประมาณ 2565") or ran.summary.startswith("fiscal year 2565")
    assert policy_and_store(2565)[1] is True  # the run's audit entry comes before the job's writes
    assert run_due(MONDAY_9 + dt.timedelta(hours=5), host="app-1") == []  # the same scheduled time: not again
    assert [r.slot for r in run_due(MONDAY_9 + dt.timedelta(days=1), host="app-2")] == [at(2026, 12, 1, 3, 15)]
    runs = AuditEvent.objects.filter(action="ops.job.run").order_by("id")
    assert [(e.object_key, e.changes["host"], e.changes["slot"]) for e in runs] == [
        ("materialise", "app-1", "2026-11-30T03:15:00+07:00"),
        ("materialise", "app-2", "2026-12-01T03:15:00+07:00"),
    ]
    state = JobState.objects.get(name="materialise")
    assert (state.outcome, state.host) == ("ok", "app-2") and state.finished_at >= state.started_at
    assert verify()[1] is None


@pytest.mark.django_db
def test_a_second_host_cannot_claim_a_time_already_claimed():
    job = jobs.JOBS[0]
    slot = at(2026, 11, 30, 8, 0)
    assert claim(job, slot, MONDAY_9, "app-1") is True
    assert claim(job, slot, MONDAY_9, "app-2") is False
    assert claim(job, slot + dt.timedelta(hours=1), MONDAY_9 + dt.timedelta(hours=1), "app-2") is False  # running
    later = MONDAY_9 + jobs.STALE + dt.timedelta(minutes=1)  # app-1 died while running it
    assert claim(job, slot + dt.timedelta(hours=7), later, "app-2") is True
    assert AuditEvent.objects.filter(action="ops.job.run").count() == 2


@pytest.mark.django_db
def test_a_failing_job_is_reported_and_the_command_exits_1(settings, monkeypatch):
    monkeypatch.setattr(jobs, "JOBS", [Job("broken", "a job whose command does not exist", "no_such_command")])
    settings.GOVKPI_JOBS = {"broken": "hourly 00"}
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("jobs", "run-due", "--lang", "en", "--now", MONDAY_9.isoformat(), stdout=out)
    assert exit.value.code == 1
    assert out.getvalue().startswith("broken\t30 Nov 2569 BE, 09:00\tfailed\tCommandError: Unknown command")
    assert JobState.objects.get(name="broken").outcome == "failed"


@pytest.mark.django_db
def test_the_list_shows_schedule_last_run_and_next(settings):
    settings.GOVKPI_JOBS = {"materialise": "daily 03:15", "remind": "weekly mon 08:00"}
    run_due(MONDAY_9, host="app-1")
    out = io.StringIO()
    call_command("jobs", "--lang", "en", "--now", (MONDAY_9 + dt.timedelta(hours=1)).isoformat(), stdout=out)
    lines = [line.split("\t") for line in out.getvalue().splitlines()]
    assert lines[0] == ["job", "schedule", "last run", "outcome", "next run", "what"]
    assert [line[:3] for line in lines[1:]] == [["remind", "weekly mon 08:00", lines[1][2]],
                                                  ["notify", "off", "—"],
                                                  ["meeting", "off", "—"],
                                                  ["backup", "off", "—"],
                                                  ["checkpoint", "off", "—"],
                                                  ["materialise", "daily 03:15", lines[6][2]]]
    assert [lines[1][3:5], lines[6][3:5]] == [["ok", "7 Dec 2569 BE, 08:00"], ["ok", "1 Dec 2569 BE, 03:15"]]


@pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("/usr/bin/chromium"),
                    reason="needs poppler-utils and chromium")
@pytest.mark.django_db
def test_the_meeting_job_publishes_the_pack_of_the_latest_month_ended(settings, monkeypatch):
    from govkpi.reports import meetingfacts
    from govkpi.reports.models import GeneratedDocument
    from govkpi.reports.pdf import page_texts

    settings.GOVKPI_JOBS = {"meeting": "monthly 5 07:00"}
    monkeypatch.setattr(meetingfacts, "local_today", lambda: dt.date(2022, 4, 5))
    load_demo()
    [ran] = run_due(at(2022, 4, 5, 8, 0), host="app-1")
    document = GeneratedDocument.objects.get()
    assert (ran.job.name, ran.slot, ran.ok) == ("meeting", at(2022, 4, 5, 7, 0), True)
    assert ran.summary == f"published meeting-2565-M06-th.pdf (document {document.pk}) at /reports/"
    assert (document.kind, document.period, document.format, document.published) == ("meeting", "2565-M06", "pdf",
                                                                                      True)
    assert "ประจำเดือนมีนาคม๒๕๖๕" in page_texts(bytes(document.content))[0]
    assert run_due(at(2022, 4, 20, 8, 0), host="app-2") == []  # once a month
    assert AuditEvent.objects.filter(action="report.generate", object_key=str(document.pk)).exists()


def test_two_hosts_asking_at_once_run_each_job_once(tmp_path):
    """Two processes run `govkpi jobs run-due` at the same moment against one database: each job runs once."""
    env = environment(tmp_path / "data", None)
    govkpi("migrate", "-v0", env=env)
    govkpi("load-demo", env=env)
    now = MONDAY_9.isoformat()
    hosts = [
        subprocess.Popen([sys.executable, "-m", "govkpi.cli", "jobs", "run-due", "--lang", "en", "--now", now],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [host.communicate(timeout=180) for host in hosts]
    assert [host.returncode for host in hosts] == [0, 0], [err[-1500:] for _out, err in outputs]
    lines = sorted(line.split("\t")[0] for out, _err in outputs for line in out.splitlines() if "\t" in line)
    assert lines == ["materialise", "notify", "remind"]
    with sqlite3.connect(tmp_path / "data" / "govkpi.sqlite3") as database:
        runs = database.execute("SELECT object_key FROM audit_auditevent WHERE action = 'ops.job.run'").fetchall()
    assert sorted(runs) == [("materialise",), ("notify",), ("remind",)]

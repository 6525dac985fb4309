"""Periodic jobs: what runs when, and running what is due exactly once, whichever host asks.

``GOVKPI_JOBS`` (settings) gives each job a schedule in Bangkok time: ``daily 03:15``, ``weekly mon 08:00``,
``monthly 5 07:00`` (the 5th of every month; days 1–28, so that every month has it), ``hourly 05`` (five past
every hour) or ``off``. Every host may call `govkpi jobs run-due` from cron every few
minutes: a job is due when its newest scheduled time has passed and no host has claimed that time yet. A host claims
it with one conditional UPDATE of the job's row (``last_slot < slot`` and not running elsewhere): the database lets
only one host's UPDATE change the row, so two hosts never run one scheduled time twice. A job still running is not
started again unless it has been running for more than :data:`STALE` (its host died).

Each run is recorded in the audit log as it starts (``ops.job.run``, with the scheduled time and the host), before
the job's own writes; how it ended (ok or failed, its one-line summary) is kept on the job's row.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import socket
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govkpi.audit.actions import record

from .models import JobState

STALE = dt.timedelta(hours=6)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTH_DAYS = 28  # a monthly job runs on a day every month has
PATTERN = re.compile(r"(?:(?P<kind>daily|weekly|monthly)\s+(?:(?P<day>[a-z]{3}|\d{1,2})\s+)?"
                     r"(?P<hour>\d{1,2}):(?P<minute>\d{2})|hourly\s+(?P<past>\d{1,2})|(?P<off>off))")


@dataclass(frozen=True)
class Schedule:
    text: str

    def __post_init__(self) -> None:
        found = PATTERN.fullmatch(self.text.strip().lower())
        ok = found is not None and (
            found["off"]
            or (found["past"] is not None and int(found["past"]) < 60)
            or (
                found["kind"] is not None
                and int(found["hour"]) < 24
                and int(found["minute"]) < 60
                and _day_fits(found["kind"], found["day"])
            )
        )
        if not ok:
            raise ImproperlyConfigured(
                f"job schedule {self.text!r}: write 'daily HH:MM', 'weekly mon HH:MM', 'monthly D HH:MM' (D 1–28), "
                "'hourly MM' or 'off'"
            )

    def latest(self, now: dt.datetime) -> dt.datetime | None:
        """The newest scheduled time at or before ``now`` (None: the job is off)."""
        found = PATTERN.fullmatch(self.text.strip().lower())
        assert found is not None
        local = timezone.localtime(now)
        if found["off"]:
            return None
        if found["past"] is not None:
            slot = local.replace(minute=int(found["past"]), second=0, microsecond=0)
            return slot if slot <= local else slot - dt.timedelta(hours=1)
        slot = local.replace(hour=int(found["hour"]), minute=int(found["minute"]), second=0, microsecond=0)
        if found["kind"] == "daily":
            return slot if slot <= local else slot - dt.timedelta(days=1)
        if found["kind"] == "monthly":
            slot = slot.replace(day=int(found["day"]))
            return slot if slot <= local else _month_before(slot)
        slot -= dt.timedelta(days=(local.weekday() - DAYS.index(found["day"])) % 7)
        return slot if slot <= local else slot - dt.timedelta(days=7)

    def following(self, now: dt.datetime) -> dt.datetime | None:
        """The first scheduled time after ``now``."""
        latest = self.latest(now)
        if latest is None:
            return None
        found = PATTERN.fullmatch(self.text.strip().lower())
        assert found is not None
        if found["kind"] == "monthly":
            return _month_after(latest)
        step = {"daily": dt.timedelta(days=1), "weekly": dt.timedelta(days=7)}.get(found["kind"] or "", None)
        return latest + (step or dt.timedelta(hours=1))


def _day_fits(kind: str, day: str | None) -> bool:
    if kind == "weekly":
        return day in DAYS
    if kind == "monthly":
        return day is not None and day.isdigit() and 1 <= int(day) <= MONTH_DAYS
    return day is None


def _month_before(moment: dt.datetime) -> dt.datetime:
    """The same day and time a month earlier (the day is at most 28: every month has it)."""
    if moment.month == 1:
        return moment.replace(year=moment.year - 1, month=12)
    return moment.replace(month=moment.month - 1)


def _month_after(moment: dt.datetime) -> dt.datetime:
    if moment.month == 12:
        return moment.replace(year=moment.year + 1, month=1)
    return moment.replace(month=moment.month + 1)


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    command: str  # a management command; it returns or prints a one-line summary
    args: tuple[str, ...] = ()  # its arguments; "{checkpoint_file}" is the setting when the job runs


# In this order when several are due at once: the score store last, after any other write.
JOBS = [
    Job("remind", _("e-mail reporters what is due and approvers what waits"), "remind"),
    Job("notify", _("send the LINE and e-mail notices of the outbox that are due"), "notify"),
    Job(
        "meeting",
        _("publish the provincial committee's monthly pack of the latest month ended at /reports/"),
        "report",
        ("meeting", "--period", "latest", "--publish", "--format", "pdf"),
    ),
    Job("backup", _("back up every table and file into a new dated folder, keeping the newest ones"), "backup",
        ("--dated",)),
    Job("checkpoint", _("verify the audit log and append a signed checkpoint of its end"), "audit",
        ("checkpoint", "--out", "{checkpoint_file}")),
    Job("materialise", _("fill the score store of every fiscal year with criteria"), "materialise"),
]


def schedules() -> dict[str, Schedule]:
    configured = getattr(settings, "GOVKPI_JOBS", {})
    return {job.name: Schedule(configured.get(job.name, "off")) for job in JOBS}


def host_name() -> str:
    return socket.gethostname()[:255]


def state_of(name: str) -> JobState:
    try:
        with transaction.atomic():
            return JobState.objects.get_or_create(name=name)[0]
    except IntegrityError:  # another host made the row at the same moment
        return JobState.objects.get(name=name)


def claim(job: Job, slot: dt.datetime, now: dt.datetime, host: str) -> bool:
    """Take the scheduled time ``slot`` of the job for this host; False when another host has it (or had it)."""
    state_of(job.name)
    with transaction.atomic():
        claimed = (
            JobState.objects.filter(name=job.name)
            .exclude(last_slot__gte=slot)
            .exclude(outcome="running", started_at__gt=now - STALE)
            .update(last_slot=slot, started_at=now, finished_at=None, outcome="running", summary="", host=host)
        )
        if claimed:
            record(
                acting_user=None,
                channel="cli",
                action="ops.job.run",
                object_type="ops.job",
                object_key=job.name,
                changes={"slot": slot.isoformat(), "host": host},
            )
    return bool(claimed)


def run(job: Job) -> tuple[bool, str]:
    """Run the job's command: (succeeded, its summary or the error)."""
    try:
        out = io.StringIO()
        places = {"checkpoint_file": str(settings.GOVKPI_CHECKPOINT_FILE)}  # settings read when the job runs
        returned = call_command(job.command, *(arg.format(**places) for arg in job.args), stdout=out)
        return True, " ".join((returned or out.getvalue()).split())[:2000]
    except (Exception, SystemExit) as error:  # a job's failure is reported, never stops the others
        return False, f"{type(error).__name__}: {error}"[:2000]


@dataclass(frozen=True)
class Ran:
    job: Job
    slot: dt.datetime
    ok: bool
    summary: str


def run_due(now: dt.datetime | None = None, host: str | None = None) -> list[Ran]:
    """Run every job whose newest scheduled time has passed and that no host has claimed yet."""
    now = now or timezone.now()
    host = host or host_name()
    ran = []
    planned = schedules()
    for job in JOBS:
        slot = planned[job.name].latest(now)
        if slot is None or not claim(job, slot, now, host):
            continue
        ok, summary = run(job)
        JobState.objects.filter(name=job.name).update(
            finished_at=timezone.now(), outcome="ok" if ok else "failed", summary=summary
        )
        ran.append(Ran(job, slot, ok, summary))
    return ran

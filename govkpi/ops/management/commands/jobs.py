"""`govkpi jobs` lists the periodic jobs with their schedule, last run and next run; `govkpi jobs run-due` runs
what is due (once, whichever host asks first; `govkpi.ops.jobs`). Exit 1 when a job that ran failed."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govkpi.core.thai import format_datetime
from govkpi.ops import jobs
from govkpi.ops.models import JobState


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    return format_datetime(moment, "en" if translation.get_language() == "en" else "th")


class Command(BaseCommand):
    help = "List the periodic jobs (schedule, last and next run), or run those that are due (for cron, every host)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", nargs="?", choices=("list", "run-due"), default="list")
        parser.add_argument("--lang", choices=("th", "en"), default="th")
        parser.add_argument("--now", type=dt.datetime.fromisoformat, help="pretend it is this moment (ISO, for tests)")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        now = options["now"] or timezone.now()
        if timezone.is_naive(now):
            now = timezone.make_aware(now)
        with translation.override(options["lang"]):
            if verb == "list":
                self.list(now)
                return
            ran = jobs.run_due(now)
            for item in ran:
                outcome = pgettext("job outcome", "ok") if item.ok else pgettext("job outcome", "failed")
                self.stdout.write(f"{item.job.name}\t{_when(item.slot)}\t{outcome}\t{item.summary}")
            if not ran:
                self.stdout.write(_("No job is due."))
        if any(not item.ok for item in ran):
            self.stdout.flush()
            sys.exit(1)

    def list(self, now: dt.datetime) -> None:
        states = {state.name: state for state in JobState.objects.all()}
        planned = jobs.schedules()
        self.stdout.write("\t".join((_("job"), _("schedule"), _("last run"), _("outcome"), _("next run"), _("what"))))
        for job in jobs.JOBS:
            schedule, state = planned[job.name], states.get(job.name)
            last = state.started_at if state else None
            outcome = {
                "ok": pgettext("job outcome", "ok"),
                "failed": pgettext("job outcome", "failed"),
                "running": pgettext("job outcome", "running"),
            }.get(state.outcome if state else "")
            latest = schedule.latest(now)
            due = latest is not None and (state is None or state.last_slot is None or state.last_slot < latest)
            following = _("due now") if due else _when(schedule.following(now))
            self.stdout.write(
                "\t".join((job.name, schedule.text, _when(last), outcome or "—", following, str(job.description)))
            )

"""`govkpi remind [--days 7] [--fiscal-year 2565] [--today YYYY-MM-DD]` — for cron; prints a one-line summary."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from govkpi.audit.actions import record
from govkpi.core.periods import fiscal_year_of
from govkpi.results.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail reporters what is due soon or overdue, and approvers what waits for them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="remind of items due within this many days")
        parser.add_argument("--fiscal-year", type=int, help="BE fiscal year (default: the one containing today)")
        parser.add_argument("--today", type=date.fromisoformat, help="pretend today is this date (ISO)")

    def handle(self, *args: Any, **options: Any) -> str:
        today = options["today"] or timezone.localdate()
        year = options["fiscal_year"] or fiscal_year_of(today)
        if options["days"] < 0:
            raise CommandError("--days must not be negative")
        sent = send_reminders(year, today, options["days"])
        record(
            acting_user=None,
            channel="cli",
            action="results.remind",
            changes={
                "fiscal_year": year,
                "reporters": sent.reporters,
                "approvers": sent.approvers,
                "items": sent.items,
                "queued": sent.queued,
            },
        )
        return (
            f"reminded {sent.reporters} reporters of {sent.items} items and {sent.approvers} approvers "
            f"(fiscal year {year}, as of {today.isoformat()}); queued {sent.queued} notices to contacts"
        )

"""`govkpi materialise [--fiscal-year Y …]`: fill the score store (`govkpi.scorecards.incremental`) — after a bulk
load, and nightly from cron as a safety net. Without --fiscal-year: every year that has criteria or a store, so that
a nightly run keeps past years current too (a year costs nothing when it has no data). Prints one line per year."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from govkpi.ops.progress import for_command
from govkpi.ops.scores import score_years
from govkpi.scorecards.incremental import materialise


class Command(BaseCommand):
    help = "Compute and store every organisation's scores (default: every fiscal year with criteria)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fiscal-year",
            dest="years",
            type=int,
            action="append",
            metavar="YEAR",
            help="BE fiscal year, e.g. 2565; repeat for several (default: every year that has criteria)",
        )

    def handle(self, *args: Any, years: list[int] | None, **options: Any) -> str:
        years = sorted(set(years)) if years else score_years()
        if any(year < 2400 for year in years):
            raise CommandError(_("Fiscal years are Buddhist Era years, e.g. 2565."), returncode=2)
        if not years:
            return _("No fiscal year has criteria: nothing to materialise.")
        lines = []
        progress = for_command(self, options)
        for year in years:
            started = time.monotonic()
            with progress.stage(_("scoring fiscal year %(year)d") % {"year": year}) as bar:
                count = materialise(year, acting_user=None, channel="cli")
                bar.advance(count)
            lines.append(
                _("fiscal year %(year)d: stored the scores of %(count)d organisations in %(seconds).1f s")
                % {"year": year, "count": count, "seconds": time.monotonic() - started}
            )
        return "\n".join(lines)

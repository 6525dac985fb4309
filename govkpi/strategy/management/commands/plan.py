"""govkpi plan progress --plan CODE [--org CODE] [--format json|table] [--lang th|en] [--digits …]
govkpi plan needed --fiscal-year Y [--org CODE] [--as-of PERIOD] [--format json|table] [--lang th|en] [--digits …]
govkpi plan needed --fiscal-year Y --all-orgs [--as-of PERIOD] [--format json|jsonl]

``progress`` prints, for each indicator with targets in the plan's years, each year's target, actual (scoring.md §1)
and whether it was met, and the SDG-style progress toward the end-year target (planning.md).

``needed`` prints what it takes (issue 18, :mod:`govkpi.strategy.needed`): for each indicator of the organisation's
scorecard, the year value that reaches the year's ``achieved_from`` score, what the remaining periods must bring and
the overall score gained per unit of improvement, cheapest gains first. With ``--all-orgs``, the same object for
every organisation `govkpi score --all-orgs` lists, from one read of the year, as one list (json) or one line each
(jsonl); one as-of period for all. Bad input exits with 2.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from govkpi.scorecards.errors import ScorecardError
from govkpi.strategy.needed import NeededError, needed_lines, needed_report, render_needed
from govkpi.strategy.services import StrategyError, plan_progress
from govkpi.strategy.text import render_plan_progress


class Command(BaseCommand):
    help = ("Plans: `progress` shows a plan's indicator targets against the results; `needed` what each indicator "
            "still needs to reach the achieved score.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["progress", "needed"])
        parser.add_argument("--plan", help="plan code, e.g. PHRAE-2566-2570 (progress)")
        parser.add_argument("--fiscal-year", help="fiscal year (BE), e.g. 2565 (needed)")
        parser.add_argument("--as-of", help="period, e.g. 2565-Q2 (needed; default: the latest with approved results)")
        parser.add_argument("--org", help="organisation code (default: the root of the tree)")
        parser.add_argument("--all-orgs", action="store_true", help="needed: every organisation with values")
        parser.add_argument("--format", choices=["json", "table", "jsonl"], default="json",
                            help="jsonl: one organisation per line (needed --all-orgs)")
        parser.add_argument("--lang", choices=["th", "en"], default="th", help="language of the table")
        parser.add_argument("--digits", choices=["arabic", "thai"], default="arabic", help="digits in the table")

    def handle(self, *args: Any, **options: Any) -> None:
        required = "plan" if options["action"] == "progress" else "fiscal_year"
        if not options[required]:
            raise CommandError(f"--{required.replace('_', '-')} is required for `plan {options['action']}`",
                               returncode=2)
        if options["all_orgs"]:
            self._all_orgs(options)
            return
        if options["format"] == "jsonl":
            raise CommandError("--format jsonl is for `plan needed --all-orgs`", returncode=2)
        with translation.override(options["lang"]):
            try:
                if options["action"] == "progress":
                    report = plan_progress(options["plan"], options["org"])
                else:
                    report = needed_report(options["fiscal_year"], options["org"], options["as_of"])
            except (StrategyError, ScorecardError, NeededError) as error:
                raise CommandError(error.user_message(), returncode=2) from error
            if options["format"] == "json":
                output = json.dumps(report, ensure_ascii=False, indent=2)
            elif options["action"] == "progress":
                output = render_plan_progress(report, options["digits"])
            else:
                output = render_needed(report, options["digits"])
        self.stdout.write(output)

    def _all_orgs(self, options: dict[str, Any]) -> None:
        if options["action"] != "needed" or options["org"] or options["format"] == "table":
            raise CommandError("--all-orgs is for `plan needed` as json or jsonl, without --org", returncode=2)
        with translation.override(options["lang"]):
            try:
                reports = needed_lines(options["fiscal_year"], options["as_of"])
                first = next(reports, None)
            except (ScorecardError, NeededError) as error:
                raise CommandError(error.user_message(), returncode=2) from error
            write = self.stdout.write
            if options["format"] == "jsonl":
                for report in itertools.chain([first] if first else [], reports):
                    write(report)
                return
            write("[", ending="")
            for index, report in enumerate(itertools.chain([first] if first else [], reports)):
                write(("," if index else "") + "\n" + report, ending="")
            write("\n]")

"""govkpi plan progress --plan CODE [--org CODE] [--format json|table] [--lang th|en] [--digits …]
govkpi plan needed --fiscal-year Y [--org CODE] [--as-of PERIOD] [--format json|table] [--lang th|en] [--digits …]

``progress`` prints, for each indicator with targets in the plan's years, each year's target, actual (scoring.md §1)
and whether it was met, and the SDG-style progress toward the end-year target (planning.md).

``needed`` prints what it takes (issue 18, :mod:`govkpi.strategy.needed`): for each indicator of the organisation's
scorecard, the year value that reaches the year's ``achieved_from`` score, what the remaining periods must bring and
the overall score gained per unit of improvement, cheapest gains first. Bad input exits with 2.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from govkpi.scorecards.errors import ScorecardError
from govkpi.strategy.needed import NeededError, needed_report, render_needed
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
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--lang", choices=["th", "en"], default="th", help="language of the table")
        parser.add_argument("--digits", choices=["arabic", "thai"], default="arabic", help="digits in the table")

    def handle(self, *args: Any, **options: Any) -> None:
        required = "plan" if options["action"] == "progress" else "fiscal_year"
        if not options[required]:
            raise CommandError(f"--{required.replace('_', '-')} is required for `plan {options['action']}`",
                               returncode=2)
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

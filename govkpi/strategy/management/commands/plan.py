"""govkpi plan progress --plan CODE [--org CODE] [--format json|table] [--lang th|en] [--digits …]

Prints, for each indicator with targets in the plan's years, each year's target, actual (scoring.md §1) and whether
it was met, and the SDG-style progress toward the end-year target (planning.md). Bad input exits with 2.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from govkpi.scorecards.errors import ScorecardError
from govkpi.strategy.services import StrategyError, plan_progress
from govkpi.strategy.text import render_plan_progress


class Command(BaseCommand):
    help = "Plans: `progress` shows a plan's indicator targets against the results."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["progress"])
        parser.add_argument("--plan", required=True, help="plan code, e.g. PHRAE-2566-2570")
        parser.add_argument("--org", help="organisation code (default: the root of the tree)")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--lang", choices=["th", "en"], default="th", help="language of the table")
        parser.add_argument("--digits", choices=["arabic", "thai"], default="arabic", help="digits in the table")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            try:
                report = plan_progress(options["plan"], options["org"])
            except (StrategyError, ScorecardError) as error:
                raise CommandError(error.user_message(), returncode=2) from error
            if options["format"] == "json":
                output = json.dumps(report, ensure_ascii=False, indent=2)
            else:
                output = render_plan_progress(report, options["digits"])
        self.stdout.write(output)

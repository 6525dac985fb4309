"""govkpi budget --fiscal-year 2565 [--as-of 2565-Q3] [--format json|table] [--lang th|en] [--digits …]

Prints the disbursement of a fiscal year's projects against the disbursement targets (planning.md): totals, per
goal, per organisation and per project. JSON carries unrounded numbers. Bad input exits with 2.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from govkpi.scorecards.errors import ScorecardError
from govkpi.strategy.models import Project
from govkpi.strategy.services import StrategyError, budget
from govkpi.strategy.text import render_budget


class Command(BaseCommand):
    help = "Budget disbursement of a fiscal year's projects against the disbursement targets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fiscal-year", required=True, help="Buddhist-Era fiscal year, e.g. 2565")
        parser.add_argument("--as-of", help="a quarter, e.g. 2565-Q3 (default: the latest quarter reported)")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--lang", choices=["th", "en"], default="th", help="language of the table")
        parser.add_argument("--digits", choices=["arabic", "thai"], default="arabic", help="digits in the table")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            try:
                report = budget(options["fiscal_year"], options["as_of"])
            except (StrategyError, ScorecardError) as error:
                raise CommandError(error.user_message(), returncode=2) from error
            if options["format"] == "json":
                output = json.dumps(report, ensure_ascii=False, indent=2)
            else:
                titles = {project.code: project.title
                          for project in Project.objects.filter(fiscal_year=report["fiscal_year"])}
                output = render_budget(report, titles, options["digits"])
        self.stdout.write(output)

"""govkpi score --fiscal-year 2565 [--org CODE | --all-orgs] [--format json|table] [--lang th|en] [--digits …]

Prints the scoring.md §7 scorecard of the province (the root of the tree), of one organisation, or of every
organisation with a value. JSON carries unrounded numbers; the table is for people. Bad input exits with 2.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.services import check_fiscal_year, find_org, root_org, score_all, score_org
from govkpi.scorecards.table import render_card


class Command(BaseCommand):
    help = "Score a fiscal year from the approved results: the province, one organisation or all of them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fiscal-year", required=True, help="Buddhist-Era fiscal year, e.g. 2565")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--org", help="organisation code (default: the root of the tree)")
        which.add_argument("--all-orgs", action="store_true", help="every organisation that has a value")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--lang", choices=["th", "en"], default="th", help="language of the table")
        parser.add_argument("--digits", choices=["arabic", "thai"], default="arabic", help="digits in the table")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            try:
                output = self._run(options)
            except ScorecardError as error:
                raise CommandError(error.user_message(), returncode=2) from error
        self.stdout.write(output)

    def _run(self, options: dict[str, Any]) -> str:
        year = check_fiscal_year(options["fiscal_year"])
        if options["all_orgs"]:
            cards = score_all(year)
        else:
            org = find_org(options["org"]) if options["org"] else root_org()
            cards = [score_org(year, org)]
        if options["format"] == "json":
            body: Any = cards if options["all_orgs"] else cards[0]
            return json.dumps(body, ensure_ascii=False, indent=2)
        if not cards:
            return _("No organisation has a value in fiscal year %(year)s.") % {"year": year}
        return "\n\n".join(render_card(card, options["digits"]) for card in cards)

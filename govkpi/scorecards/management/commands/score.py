"""govkpi score --fiscal-year 2565 [--org CODE | --all-orgs] [--format json|jsonl|table] [--lang th|en] [--digits …]

Prints the scoring.md §7 scorecard of the province (the root of the tree), of one organisation, or of every
organisation with a value. JSON carries unrounded numbers; ``jsonl`` one card a line (the fast machine format for
``--all-orgs``); the table is for people. ``--all-orgs`` scores with the bulk engine (`govkpi.scorecards.bulk`) and
writes each card as soon as it is made, so memory does not grow with the output. Bad input exits with 2.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from govkpi.ops.progress import SILENT, Bar, Progress, for_command
from govkpi.scorecards.bulk import iter_cards, iter_lines
from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.services import check_fiscal_year, find_org, root_org, score_org
from govkpi.scorecards.table import render_card

EVERY = 200  # cards between two advances of the progress bar


class Command(BaseCommand):
    help = "Score a fiscal year from the approved results: the province, one organisation or all of them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fiscal-year", required=True, help="Buddhist-Era fiscal year, e.g. 2565")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--org", help="organisation code (default: the root of the tree)")
        which.add_argument("--all-orgs", action="store_true", help="every organisation that has a value")
        parser.add_argument("--format", choices=["json", "jsonl", "table"], default="json")
        parser.add_argument("--lang", choices=["th", "en"], default="th", help="language of the table")
        parser.add_argument("--digits", choices=["arabic", "thai"], default="arabic", help="digits in the table")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            progress = for_command(self, options) if options["all_orgs"] else SILENT
            try:
                for text in self._run(options, progress):
                    self.stdout.write(text, ending="")
            except ScorecardError as error:
                raise CommandError(error.user_message(), returncode=2) from error
        if options["format"] != "jsonl":
            self.stdout.write("")

    def _run(self, options: dict[str, Any], progress: Progress) -> Iterator[str]:
        year = check_fiscal_year(options["fiscal_year"])
        kind = options["format"]
        if options["all_orgs"]:  # stderr only: a count of the organisations scored (stdout stays the same)
            with progress.stage(_("scoring organisations")) as bar:
                yield from self._all_orgs(year, kind, options["digits"], bar)
            return
        org = find_org(options["org"]) if options["org"] else root_org()
        card = score_org(year, org)
        if kind == "jsonl":
            yield json.dumps(card, ensure_ascii=False) + "\n"
        elif kind == "json":
            yield json.dumps(card, ensure_ascii=False, indent=2)
        else:
            yield from _tables([card], options["digits"], year)

    def _all_orgs(self, year: int, kind: str, digits: str, bar: Bar) -> Iterator[str]:
        if kind == "jsonl":
            for line in bar.track(iter_lines(year), every=EVERY):
                yield line + "\n"
            return
        if kind == "json":
            yield from _json_list(bar.track(iter_lines(year, indent=2, nesting=1), every=EVERY))
            return
        yield from _tables(bar.track(iter_cards(year), every=EVERY), digits, year)


def _json_list(texts: Iterable[str]) -> Iterator[str]:
    """The text of ``json.dumps(cards, indent=2)`` from each card's text as it stands in the list."""
    opened = False
    for text in texts:
        yield ("[\n  " if not opened else ",\n  ") + text
        opened = True
    yield "\n]" if opened else "[]"


def _tables(cards: Iterable[dict[str, Any]], digits: str, year: int) -> Iterator[str]:
    empty = True
    for card in cards:
        yield ("" if empty else "\n\n") + render_card(card, digits)
        empty = False
    if empty:
        yield _("No organisation has a value in fiscal year %(year)s.") % {"year": year}

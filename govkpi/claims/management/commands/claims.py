"""govkpi claims check --fiscal-year Y [--format json|table] [--lang th|en]

Compares every published claim of the year with the value computed from the records. Exits 1 when a claim
disagrees or names an unknown metric, 2 on bad input, 0 when every claim holds.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from govkpi.claims.services import OK, check_claims
from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.services import check_fiscal_year


class Command(BaseCommand):
    help = "Check published claims (press releases, reports) against the records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check"])
        parser.add_argument("--fiscal-year", required=True, help="Buddhist-Era fiscal year, e.g. 2565")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--lang", choices=["th", "en"], default="th", help="language of the table")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            try:
                year = check_fiscal_year(options["fiscal_year"])
            except ScorecardError as error:
                raise CommandError(error.user_message(), returncode=2) from error
            result = check_claims(year)
            if options["format"] == "json":
                self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(render_table(result))
        if any(claim["status"] != OK for claim in result["claims"]):
            raise SystemExit(1)


def render_table(result: dict[str, Any]) -> str:
    labels = {"ok": _("ok"), "mismatch": _("mismatch"), "unknown_metric": _("unknown metric")}
    head = [_("metric"), _("claimed"), _("computed"), _("status")]
    body = [
        [c["metric"], str(c["claimed"]), "–" if c["computed"] is None else str(c["computed"]), labels[c["status"]]]
        for c in result["claims"]
    ]
    if not body:
        return _("No claims recorded for fiscal year %(year)s.") % {"year": result["fiscal_year"]}
    widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]
    return "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in [head, *body])

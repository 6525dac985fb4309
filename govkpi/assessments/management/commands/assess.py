"""govkpi assess --framework F --fiscal-year Y [--group G] [--format json|table] [--lang th|en]

Every organisation with a result: score, level, passed, rank within each peer group, published rank and level,
and flags where a published figure disagrees with the computed one; then a summary. Bad input exits with 2.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from govkpi.assessments.errors import AssessmentError, error_message
from govkpi.assessments.services import assess
from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.services import check_fiscal_year

PRETTY_UP_TO = 500


class Command(BaseCommand):
    help = "Assessment results of a framework and fiscal year: computed totals, levels, ranks and flags."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--framework", required=True, help="ita, gecc, pmqa, moral or a configured code")
        parser.add_argument("--fiscal-year", required=True, help="Buddhist-Era fiscal year, e.g. 2565")
        parser.add_argument("--group", help="only the organisations of this peer group")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--lang", choices=["th", "en"], default="th", help="language of flags and the table")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            try:
                year = check_fiscal_year(options["fiscal_year"])
                result = assess(options["framework"], year, options["group"])
            except ScorecardError as error:
                raise CommandError(error.user_message(), returncode=2) from error
            except AssessmentError as error:
                raise CommandError(error_message(error), returncode=2) from error
            if options["format"] == "json":
                # pretty for people; one line for national runs, where indenting costs more than the work
                indent = 2 if len(result["organisations"]) <= PRETTY_UP_TO else None
                self.stdout.write(json.dumps(result, ensure_ascii=False, indent=indent))
            else:
                self.stdout.write(render_table(result))


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def render_table(result: dict[str, Any]) -> str:
    head = [_("organisation"), _("score"), _("level"), _("passed"), _("ranks"), _("published rank"), _("flags")]
    body = [
        [
            row["org"],
            _cell(row["score"]),
            _cell(row["level"]),
            _cell(row["passed"]),
            ", ".join(f"{group} {rank}" for group, rank in row["ranks"].items()) or "–",
            _cell(row["published_rank"]),
            "; ".join(row["flags"]) or "–",
        ]
        for row in result["organisations"]
    ]
    widths = [max(len(str(line[i])) for line in [head, *body]) for i in range(len(head))]
    lines = ["  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in [head, *body]]
    summary = result["summary"]
    levels = ", ".join(f"{level} {count}" for level, count in summary["by_level"].items()) or "–"
    lines.append("")
    lines.append(
        _("%(framework)s %(year)s: %(count)s organisations, mean %(mean)s, pass rate %(rate)s, levels: %(levels)s")
        % {
            "framework": result["framework"],
            "year": result["fiscal_year"],
            "count": summary["count"],
            "mean": _cell(summary["mean"]),
            "rate": "–" if summary["pass_rate"] is None else f"{summary['pass_rate'] * 100:.1f}%",
            "levels": levels,
        }
    )
    return "\n".join(lines)

"""`govkpi check-data` — every stored row that the rules now refuse; exit 1 when there is any, 0 when clean."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from govkpi.results.integrity import find_problems


class Command(BaseCommand):
    help = (
        "List every stored result, criterion and scoring policy that the rules now refuse (table, organisation, "
        "indicator, period, reason). Exit 1 when there is any, 0 when the data are clean."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=("table", "json"), default="table",
                            help="table (for people, the default) or json (one object per problem, in a list)")
        parser.add_argument("--lang", choices=("th", "en"), default="th", help="the language of the reasons")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            found = [problem.as_dict() for problem in find_problems()]
            if options["format"] == "json":
                self.stdout.write(json.dumps(found, ensure_ascii=False, indent=1))
            elif not found:
                self.stdout.write(_("No stored row breaks a rule."))
            else:
                header = (_("table"), _("id"), _("organisation"), _("indicator"), _("period"), _("reason"))
                self.stdout.write("\t".join(header))
                for row in found:
                    self.stdout.write("\t".join(str(row[key] if row[key] is not None else "") for key in
                                                ("table", "id", "org", "indicator", "period", "reason")))
                self.stdout.write(_("%(count)s problems found; see `govkpi check-data --help`.")
                                  % {"count": len(found)})
        if found:
            self.stdout.flush()
            sys.exit(1)

"""`govkpi doctor [--lang th|en] [--format table|json]`: one line per check of the installation (`govkpi.ops.doctor`);
exit 0 when sound (warnings allowed), 1 when a check found a problem."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from govkpi.ops.doctor import OK, PROBLEM, WARNING, examine, sound


class Command(BaseCommand):
    help = (
        "Check that this installation is sound: database, PDF printing, file storage, secret key, audit chain, "
        "score store, e-mail, debug mode. Exit 1 when a problem is found."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", choices=("th", "en"), default="th", help="the language of the findings")
        parser.add_argument(
            "--format",
            choices=("table", "json"),
            default="table",
            help="table (for people, the default) or json (one object per check, in a list)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            found = examine()
            if options["format"] == "json":
                self.stdout.write(json.dumps([finding.as_dict() for finding in found], ensure_ascii=False, indent=1))
            else:
                words = {
                    OK: pgettext("doctor", "ok"),
                    WARNING: pgettext("doctor", "warning"),
                    PROBLEM: pgettext("doctor", "problem"),
                }
                for finding in found:
                    line = f"{words[finding.status]}\t{finding.label}\t{finding.message}"
                    if finding.fix:
                        line += "\t" + _("Fix: %(fix)s") % {"fix": finding.fix}
                    self.stdout.write(line)
                problems = sum(finding.status == PROBLEM for finding in found)
                warnings = sum(finding.status == WARNING for finding in found)
                counted = ngettext("%(count)d warning", "%(count)d warnings", warnings) % {"count": warnings}
                if problems:
                    self.stdout.write(
                        _("Not sound: %(problems)s, %(warnings)s.")
                        % {
                            "problems": ngettext("%(count)d problem", "%(count)d problems", problems)
                            % {"count": problems},
                            "warnings": counted,
                        }
                    )
                else:
                    self.stdout.write(_("Sound (%(warnings)s).") % {"warnings": counted})
        if not sound(found):
            self.stdout.flush()
            sys.exit(1)

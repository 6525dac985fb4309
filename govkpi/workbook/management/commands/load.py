"""`govkpi load FILE [--dry-run] [--lang th|en]`: load a province workbook (workbook.md).

Progress on stderr (:mod:`govkpi.ops.progress`): a bar per stage on a terminal, else one line per stage (reading,
checking, comparing, writing: rows and seconds); nothing with ``-v0``, and nothing but the errors for a file that
has any. Stdout is the same as ever: one line per table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from govkpi.ops.progress import for_command
from govkpi.workbook.actions import load_workbook
from govkpi.workbook.messages import WorkbookError


class Command(BaseCommand):
    help = "Load a province workbook (.xlsx, .ods, .json, .yaml). A file with any error loads nothing (exit status 2)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the workbook file")
        parser.add_argument("--dry-run", action="store_true", help="check everything and report, write nothing")
        parser.add_argument("--lang", choices=["th", "en"], default="th", help="language of messages (th)")

    def handle(self, *args: Any, file: str, dry_run: bool = False, lang: str = "th", **options: Any) -> None:
        progress = for_command(self, options, hold=True)  # stage lines on stderr; none for a file with errors
        with translation.override(lang):
            try:
                report = load_workbook(file, dry_run=dry_run, channel="cli", progress=progress)
            except WorkbookError as error:
                for line in error.messages():
                    self.stderr.write(line)
                message = _("%(count)d error(s) in %(file)s; nothing was loaded.") % {
                    "count": error.count, "file": file
                }
                raise CommandError(message, returncode=2) from None
            for name, counts in report.tables.items():
                self.stdout.write(
                    _("%(table)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                    % {"table": name, **counts.as_dict()}
                )
            if dry_run:
                self.stdout.write(_("Dry run: the file has no errors; nothing was written."))
            elif not report.tables:
                self.stdout.write(_("The file holds no tables."))

"""`govkpi export FILE`: write every table to a workbook (.xlsx, .ods, .json or .yaml, by the extension)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from govkpi.ops.progress import for_command
from govkpi.workbook.export import export_workbook
from govkpi.workbook.readers import FORMATS


class Command(BaseCommand):
    help = "Export every table to a province workbook (.xlsx, .ods, .json or .yaml, by the file's extension)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the file to write")
        parser.add_argument("--lang", choices=["th", "en"], default="th", help="language of messages (th)")

    def handle(self, *args: Any, file: str, lang: str = "th", **options: Any) -> None:
        with translation.override(lang):
            suffix = file[file.rfind(".") :].lower() if "." in file else ""
            if suffix not in FORMATS:
                raise CommandError(
                    _("Unknown file type “%(ext)s”: use .xlsx, .json or .yaml (or .ods)") % {"ext": suffix or file},
                    returncode=2,
                )
            counts = export_workbook(file, progress=for_command(self, options))
            self.stdout.write(
                _("Exported %(rows)d rows in %(tables)d tables to %(file)s.")
                % {"rows": sum(counts.values()), "tables": len(counts), "file": file}
            )

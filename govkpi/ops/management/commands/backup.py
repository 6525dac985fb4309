"""`govkpi backup DIR`: every table, every evidence file and the audit log, as plain files in DIR."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from govkpi.ops.actions import backup
from govkpi.ops.backup import BackupError
from govkpi.ops.progress import for_command


class Command(BaseCommand):
    help = "Back up every table, the evidence files and the audit log into DIR (new or empty)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="where to write the backup (new or empty)")

    def handle(self, *args: Any, directory: str, **options: Any) -> None:
        try:
            manifest = backup(directory, progress=for_command(self, options))
        except BackupError as error:
            raise CommandError(_("Backup failed: %(error)s") % {"error": error}, returncode=2) from None
        rows = sum(table.rows for table in manifest.tables)
        self.stdout.write(
            _("Backed up %(rows)d rows in %(tables)d tables and %(files)d files to %(dir)s.")
            % {"rows": rows, "tables": len(manifest.tables), "files": len(manifest.files), "dir": directory}
        )

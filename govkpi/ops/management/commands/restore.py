"""`govkpi restore DIR`: put a backup back into an empty database (after `govkpi migrate`), all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from govkpi.ops.actions import restore
from govkpi.ops.backup import BackupError


class Command(BaseCommand):
    help = "Restore a backup made by `govkpi backup` into an empty, migrated database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="the backup directory")
        parser.add_argument("--force", action="store_true", help="replace a database that already holds data")

    def handle(self, *args: Any, directory: str, force: bool = False, **options: Any) -> None:
        try:
            report = restore(directory, channel="cli", force=force)
        except BackupError as error:
            raise CommandError(
                _("Restore failed, nothing was changed: %(error)s") % {"error": error}, returncode=2
            ) from None
        self.stdout.write(
            _("Restored %(rows)d rows in %(tables)d tables and %(files)d files from the backup of %(created)s.")
            % {"rows": report.rows, "tables": report.tables, "files": report.files, "created": report.created}
        )

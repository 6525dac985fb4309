"""`govkpi restore DIR [--trust-unsigned]`: put a signed backup back into an empty database (after `govkpi migrate`),
all or nothing; everything is checked before anything is written."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from govkpi.ops.actions import restore
from govkpi.ops.backup import BackupError, RestoreIncomplete
from govkpi.ops.progress import for_command


class Command(BaseCommand):
    help = "Restore a backup made by `govkpi backup` into an empty, migrated database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="the backup directory")
        parser.add_argument("--force", action="store_true", help="replace a database that already holds data")
        parser.add_argument(
            "--trust-unsigned",
            action="store_true",
            help="restore a backup whose manifest is not signed (made by an older govkpi); checksums are still checked",
        )

    def handle(
        self, *args: Any, directory: str, force: bool = False, trust_unsigned: bool = False, **options: Any
    ) -> None:
        progress = for_command(self, options)
        try:
            report = restore(directory, channel="cli", force=force, trust_unsigned=trust_unsigned, progress=progress)
        except BackupError as error:
            raise CommandError(
                _("Restore failed, nothing was changed: %(error)s") % {"error": error}, returncode=2
            ) from None
        except RestoreIncomplete as error:
            raise CommandError(
                _(
                    "Restore incomplete: the tables were restored, but files could not be put in place (%(error)s); "
                    "make room or fix the permissions, then restore again with --force"
                )
                % {"error": error},
                returncode=2,
            ) from None
        if not report.signed:
            self.stderr.write(_("Warning: the backup is not signed; it was restored on trust (--trust-unsigned)."))
        self.stdout.write(
            _("Restored %(rows)d rows in %(tables)d tables and %(files)d files from the backup of %(created)s.")
            % {"rows": report.rows, "tables": report.tables, "files": report.files, "created": report.created}
        )

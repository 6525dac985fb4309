"""`govkpi backup DIR`: every table, every evidence file and the audit log, as plain files in DIR.

`govkpi backup --dated [BASE] [--keep N]`: the same into a new folder of BASE named by the time (UTC), then the
oldest dated folders beyond the newest N removed — what the nightly `backup` job runs (`govkpi jobs`). BASE defaults
to ``GOVKPI_BACKUP_DIR`` ($GOVKPI_DATA_DIR/backups), N to ``GOVKPI_BACKUP_KEEP`` (14)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from govkpi.ops.actions import backup
from govkpi.ops.backup import BackupError, dated_folder, prune_dated
from govkpi.ops.progress import for_command


class Command(BaseCommand):
    help = "Back up every table, the evidence files and the audit log into DIR (new or empty)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", nargs="?", help="where to write the backup (new or empty); with --dated: "
                            "the folder that holds the dated backups (default GOVKPI_BACKUP_DIR)")
        parser.add_argument("--dated", action="store_true", help="write into a new folder of DIR named by the time")
        parser.add_argument("--keep", type=int, help="with --dated: keep only the newest N dated backups "
                            "(default GOVKPI_BACKUP_KEEP)")

    def handle(self, *args: Any, directory: str | None, **options: Any) -> None:
        if not options["dated"] and (not directory or options["keep"] is not None):
            raise CommandError(_("Give the directory to write the backup to (or --dated)."), returncode=2)
        keep = options["keep"] if options["keep"] is not None else settings.GOVKPI_BACKUP_KEEP
        if keep < 1:
            raise CommandError(_("--keep must be at least 1."), returncode=2)
        base = Path(directory or settings.GOVKPI_BACKUP_DIR)
        target = dated_folder(base) if options["dated"] else Path(directory)  # type: ignore[arg-type]
        directory = str(target)
        try:
            manifest = backup(target, progress=for_command(self, options))
            removed = prune_dated(base, keep) if options["dated"] else []
        except BackupError as error:
            raise CommandError(_("Backup failed: %(error)s") % {"error": error}, returncode=2) from None
        rows = sum(table.rows for table in manifest.tables)
        self.stdout.write(
            _("Backed up %(rows)d rows in %(tables)d tables and %(files)d files to %(dir)s.")
            % {"rows": rows, "tables": len(manifest.tables), "files": len(manifest.files), "dir": directory}
        )
        if removed:
            self.stdout.write(_("Removed %(count)d older backups (keeping %(keep)d).")
                              % {"count": len(removed), "keep": keep})

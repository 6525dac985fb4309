"""Backup and restore as actions: restore writes every table and says so in the audit log."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from govkpi.audit import anchors
from govkpi.audit.actions import record, seal
from govkpi.audit.models import AuditEvent
from govkpi.orgs.models import OrgUnit

from .backup import (
    BackupError,
    Manifest,
    RestoreIncomplete,
    check_migrated,
    check_restorable,
    discard_files,
    publish_files,
    read_backup,
    stage_files,
    write_backup,
    write_tables,
)
from .progress import SILENT, Progress

logger = logging.getLogger(__name__)


@dataclass
class RestoreReport:
    rows: int
    tables: int
    files: int
    created: str
    signed: bool = True


def backup(target: str | Path, progress: Progress = SILENT) -> Manifest:
    """Write a consistent backup of every table and evidence file to `target` (an empty or new directory)."""
    outermost = not connection.in_atomic_block
    if outermost:
        check_migrated()
        seal()  # every committed audit event chained before the snapshot
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # one snapshot for every table
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return write_backup(Path(target), progress)


def is_empty() -> bool:
    """Nothing but what migrations put there: no users, no organisations, no audit events."""
    return not (AuditEvent.objects.exists() or OrgUnit.objects.exists() or get_user_model()._base_manager.exists())


def restore(
    source: str | Path,
    *,
    acting_user: AbstractBaseUser | None = None,
    channel: str = "cli",
    force: bool = False,
    trust_unsigned: bool = False,
    progress: Progress = SILENT,
) -> RestoreReport:
    """Replace the database's contents with a backup's, all or nothing, and put its files back.

    Everything is checked before anything is written: the manifest's signature (an unsigned backup only with
    `trust_unsigned`), every table, evidence and anchor file's sha256, the schema and every table's columns, and
    that the database is empty (unless `force`). Then, in one transaction: the tables, their foreign keys, the
    `ops.restore` audit entry, and copies of the files beside their places; only when that transaction is through
    are the copies renamed into place. A refused restore leaves tables and files as they were. On commit the
    backup's audit anchors replace the anchor file (the old one is kept beside it)."""
    source = Path(source)
    manifest = read_backup(source, trust_unsigned=trust_unsigned, progress=progress)
    check_restorable(source, manifest)
    if not force and not is_empty():
        raise BackupError(_("the database already holds data; restore into an empty database (or use --force)"))
    staged: list[tuple[Path, Path]] = []
    try:
        with transaction.atomic():
            with progress.stage(_("restoring tables"), total=sum(table.rows for table in manifest.tables)) as bar:
                counts = write_tables(source, manifest, bar)
            try:  # the foreign keys now, not at commit: no file is copied for rows that will not commit
                connection.check_constraints()
            except IntegrityError as error:
                raise BackupError(_("the backup's rows do not fit together: %(error)s") % {"error": error}) from None
            anchor_file = source / str(manifest.anchors["file"]) if manifest.anchors else None
            transaction.on_commit(lambda: _install_anchors(anchor_file))  # before the entry below anchors itself
            record(
                acting_user=acting_user,
                channel=channel,
                action="ops.restore",
                object_type="backup",
                object_key=str(source),
                changes={
                    "created": manifest.created,
                    "engine": manifest.engine,
                    "rows": sum(counts.values()),
                    "files": len(manifest.files),
                    "signed": manifest.signed,
                    "anchors": manifest.anchors["entries"] if manifest.anchors else None,
                },
            )
            with progress.stage(_("restoring files"), total=len(manifest.files)) as bar:
                stage_files(source, manifest, staged, bar)
    except BaseException:
        discard_files(staged)
        raise
    try:
        publish_files(staged)
    except OSError as error:  # after the commit: say so, never "nothing was changed"
        discard_files(staged)
        raise RestoreIncomplete(str(error)) from error
    return RestoreReport(sum(counts.values()), len(counts), len(staged), manifest.created, manifest.signed)


def _install_anchors(backup_anchors: Path | None) -> None:
    """The anchors of the restored entries replace the anchor file (an older backup has none: an empty file)."""
    try:
        kept = anchors.replace_with(backup_anchors)
    except OSError as error:
        logger.error("restore: the audit anchors were not replaced: %s", error)
        return
    if kept is not None:
        logger.info("restore: the anchor file that was replaced is kept as %s", kept)

"""Backup and restore as actions: restore writes every table and says so in the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils.translation import gettext as _

from govkpi.audit.actions import record
from govkpi.audit.models import AuditEvent
from govkpi.orgs.models import OrgUnit

from .backup import BackupError, Manifest, read_backup, write_backup, write_files, write_tables


@dataclass
class RestoreReport:
    rows: int
    tables: int
    files: int
    created: str


def backup(target: str | Path) -> Manifest:
    """Write a consistent backup of every table and evidence file to `target` (an empty or new directory)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # one snapshot for every table
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return write_backup(Path(target))


def is_empty() -> bool:
    """Nothing but what migrations put there: no users, no organisations, no audit events."""
    return not (AuditEvent.objects.exists() or OrgUnit.objects.exists() or get_user_model()._base_manager.exists())


@transaction.atomic
def restore(
    source: str | Path, *, acting_user: AbstractBaseUser | None = None, channel: str = "cli", force: bool = False
) -> RestoreReport:
    """Replace the database's contents with a backup's, all or nothing, then copy its evidence files.

    Refuses a database that already holds data unless `force`; every file is checked before anything is written."""
    source = Path(source)
    manifest = read_backup(source)
    if not force and not is_empty():
        raise BackupError(_("the database already holds data; restore into an empty database (or use --force)"))
    counts = write_tables(source, manifest)
    files = write_files(source, manifest)
    record(
        acting_user=acting_user,
        channel=channel,
        action="ops.restore",
        object_type="backup",
        object_key=str(source),
        changes={"created": manifest.created, "engine": manifest.engine, "rows": sum(counts.values()), "files": files},
    )
    return RestoreReport(sum(counts.values()), len(counts), files, manifest.created)

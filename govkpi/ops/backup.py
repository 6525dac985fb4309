"""Backups as a directory of plain files, portable between SQLite and PostgreSQL.

    DIR/manifest.json          format, when, from which engine, the migrations applied, per-table rows and sha256
    DIR/tables/<app.model>.jsonl   one JSON array per row, the first line naming the columns (attnames)
    DIR/media/...              a copy of MEDIA_ROOT (uploaded files)
    DIR/evidence/...           a copy of EVIDENCE_ROOT (evidence files, kept outside the web root)

Every concrete model is written, Django's own tables too (users, permissions, content types, sessions), with its
primary keys, so foreign keys, the audit log and anything chained over it come back exactly. Values keep their full
precision (datetimes to the microsecond, decimals as text). `read_backup` checks every checksum before anything is
written; `write_tables` replaces the rows of every table in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from govkpi.workbook import fast

FORMAT = "govkpi-backup/1"
MANIFEST = "manifest.json"
CHUNK = 5000


class BackupError(Exception):
    """A backup that cannot be used: missing files, changed bytes, another schema. Says which and why."""


@dataclass
class TableFile:
    label: str
    rows: int
    sha256: str


@dataclass
class Manifest:
    created: str
    engine: str
    migrations: dict[str, str]
    tables: list[TableFile] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # "media/…" or "evidence/…" -> sha256

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "created": self.created,
            "engine": self.engine,
            "migrations": self.migrations,
            "tables": [{"model": t.label, "rows": t.rows, "sha256": t.sha256} for t in self.tables],
            "files": self.files,
        }


def backed_up_models() -> list[type[models.Model]]:
    """Every table Django manages, including the automatic many-to-many tables, in a stable order."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def applied_migrations() -> dict[str, str]:
    """The last migration applied per app: a backup restores only into the same schema."""
    latest: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def check_migrated() -> None:
    """Refuse a database with migrations not yet applied: its tables are not those of the models."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(_("the database has migrations not yet applied: run `govkpi migrate` first"))


def write_backup(target: Path) -> Manifest:
    """Write every table and every uploaded and evidence file under `target` (which must be empty or absent).

    Call inside a transaction (REPEATABLE READ on PostgreSQL) so all tables come from one moment."""
    check_migrated()
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(_("%(dir)s is not empty") % {"dir": target})
    (target / "tables").mkdir()
    manifest = Manifest(timezone.now().isoformat(), connection.vendor, applied_migrations())
    for model in backed_up_models():
        path = target / "tables" / f"{model._meta.label_lower}.jsonl"
        columns = _columns(model)
        rows = 0
        with path.open("w", encoding="utf-8") as handle:
            handle.write(json.dumps(columns) + "\n")
            query = model._base_manager.order_by("pk").values_list(*columns)
            for row in query.iterator(chunk_size=CHUNK):
                handle.write(json.dumps(row, default=_encode, ensure_ascii=False, separators=(",", ":")) + "\n")
                rows += 1
        manifest.tables.append(TableFile(model._meta.label_lower, rows, _sha256(path)))
    for name, root in file_roots().items():
        if not root.is_dir():
            continue
        for source in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
            relative = f"{name}/{source.relative_to(root).as_posix()}"
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
            manifest.files[relative] = _sha256(destination)
    (target / MANIFEST).write_text(json.dumps(manifest.as_dict(), indent=1, ensure_ascii=False) + "\n")
    return manifest


def read_backup(source: Path) -> Manifest:
    """The manifest of a backup, after checking that every file it names is there with the same bytes."""
    try:
        data = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(_("%(file)s: %(error)s") % {"file": source / MANIFEST, "error": error}) from None
    if data.get("format") != FORMAT:
        raise BackupError(_("%(file)s: not a %(format)s backup") % {"file": source / MANIFEST, "format": FORMAT})
    manifest = Manifest(
        data["created"],
        data["engine"],
        data["migrations"],
        [TableFile(t["model"], t["rows"], t["sha256"]) for t in data["tables"]],
        data["files"],
    )
    files = [(source / "tables" / f"{t.label}.jsonl", t.sha256) for t in manifest.tables]
    files += [(_inside(source, relative), digest) for relative, digest in manifest.files.items()]
    for path, digest in files:
        if not path.is_file():
            raise BackupError(_("%(file)s: missing") % {"file": path})
        if _sha256(path) != digest:
            raise BackupError(_("%(file)s: its contents changed since the backup (sha256 differs)") % {"file": path})
    return manifest


def _inside(root: Path, relative: str) -> Path:
    """`root/relative`, refusing names that climb out of root (a hand-edited manifest is not trusted)."""
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise BackupError(_("%(file)s: a media path outside the backup") % {"file": relative})
    return path


def _rows(path: Path, model: type[models.Model]) -> Iterator[list[dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        columns = json.loads(handle.readline())
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        missing = [name for name in columns if name not in by_attname]
        if missing:
            raise BackupError(
                _("%(file)s: columns %(columns)s are not in this version of %(model)s")
                % {"file": path.name, "columns": ", ".join(missing), "model": model._meta.label}
            )
        converters = [by_attname[name].to_python for name in columns]
        batch: list[dict[str, Any]] = []
        for line in handle:
            values = json.loads(line)
            batch.append(
                {
                    name: convert(value) if value is not None else None
                    for name, convert, value in zip(columns, converters, values, strict=True)
                }
            )
            if len(batch) >= CHUNK:
                yield batch
                batch = []
        if batch:
            yield batch


def write_tables(source: Path, manifest: Manifest) -> dict[str, int]:
    """Replace every table's rows with the backup's. Call inside a transaction: foreign keys are checked at commit."""
    check_migrated()
    if manifest.migrations != applied_migrations():
        raise BackupError(
            _(
                "the backup was made with other migrations than this database has; "
                "restore with the same govkpi version, then run `govkpi migrate`"
            )
        )
    models_by_label = {model._meta.label_lower: model for model in backed_up_models()}
    unknown = [t.label for t in manifest.tables if t.label not in models_by_label]
    if unknown:
        raise BackupError(_("tables not in this version: %(tables)s") % {"tables": ", ".join(unknown)})
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # rows arrive table by table: check foreign keys at commit
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model in models_by_label.values():
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
    counts: dict[str, int] = {}
    for table in manifest.tables:
        model = models_by_label[table.label]
        counts[table.label] = 0
        for batch in _rows(source / "tables" / f"{table.label}.jsonl", model):
            fast.insert(model, batch)
            counts[table.label] += len(batch)
    sequences = connection.ops.sequence_reset_sql(no_style(), list(models_by_label.values()))
    with connection.cursor() as cursor:
        for sql in sequences:
            cursor.execute(sql)
    return counts


def file_roots() -> dict[str, Path]:
    """The directories of files that belong with the data: uploads (MEDIA_ROOT) and evidence (EVIDENCE_ROOT)."""
    roots = {"media": Path(settings.MEDIA_ROOT)}
    if getattr(settings, "EVIDENCE_ROOT", None):
        roots["evidence"] = Path(settings.EVIDENCE_ROOT)
    return roots


def write_files(source: Path, manifest: Manifest) -> int:
    """Copy the backup's files back into MEDIA_ROOT and EVIDENCE_ROOT, replacing files of the same name."""
    roots = file_roots()
    for relative in manifest.files:
        name, _sep, inner = relative.partition("/")
        if name not in roots:
            raise BackupError(_("%(file)s: a media path outside the backup") % {"file": relative})
        destination = _inside(roots[name], inner)
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(destination.name + ".restoring")
        shutil.copy2(_inside(source, relative), temporary)
        temporary.replace(destination)
    return len(manifest.files)

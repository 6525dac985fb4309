"""Backups as a directory of plain files, portable between SQLite and PostgreSQL.

    DIR/manifest.json          format, when, from which engine, the migrations applied, per-table rows and sha256,
                               the sha256 of every file, and an HMAC-SHA256 signature over all of it
    DIR/tables/<app.model>.jsonl   one JSON array per row, the first line naming the columns (attnames)
    DIR/media/...              a copy of MEDIA_ROOT (uploaded files)
    DIR/evidence/...           a copy of EVIDENCE_ROOT (evidence files, kept outside the web root)
    DIR/audit-anchors.log      the audit anchors of the entries in the backup (`govkpi.audit.anchors`)

Every concrete model is written, Django's own tables too (users, permissions, content types, sessions), with its
primary keys, so foreign keys, the audit log and anything chained over it come back exactly. Values keep their full
precision (datetimes to the microsecond, decimals as text).

The manifest is signed with a key that is not in the backup: `GOVKPI_BACKUP_KEY` from the environment when set, else
derived from `SECRET_KEY` with the salt "govkpi.backup". Checksums alone prove nothing against someone who edits a
file and then the manifest; the signature does. `read_backup` checks the signature and every checksum, and
`check_restorable` the schema and every table's columns, before anything is written; `write_tables` replaces the
rows of every table in one transaction; `stage_files` copies the files beside their places (checking each copy's
sha256 again) and `publish_files` puts them in place once the tables are committed.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from govkpi.audit import anchors as audit_anchors
from govkpi.audit.checkpoints import signing_keys
from govkpi.workbook import fast

from .progress import SILENT, Bar, Progress

FORMAT = "govkpi-backup/1"
MANIFEST = "manifest.json"
ANCHORS = "audit-anchors.log"
CHUNK = 5000
SALT = "govkpi.backup"
STAGED = ".restoring"


class BackupError(Exception):
    """A backup that cannot be used: missing files, changed bytes, another schema. Says which and why."""


class RestoreIncomplete(Exception):
    """The tables were restored (committed) but some files could not be put in place afterwards."""


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
    anchors: dict[str, Any] | None = None  # {"file": "audit-anchors.log", "entries": n, "sha256": …}; None: older
    signed: bool = False

    def as_dict(self) -> dict[str, Any]:
        data = {
            "format": FORMAT,
            "created": self.created,
            "engine": self.engine,
            "migrations": self.migrations,
            "tables": [{"model": t.label, "rows": t.rows, "sha256": t.sha256} for t in self.tables],
            "files": self.files,
        }
        if self.anchors is not None:
            data["anchors"] = self.anchors
        return data


def _keys() -> list[tuple[str, str]]:
    return signing_keys("GOVKPI_BACKUP_KEY")


def _mac(data: dict[str, Any], secret: str) -> str:
    body = {key: value for key, value in data.items() if key != "signature"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return salted_hmac(SALT, text, secret=secret, algorithm="sha256").hexdigest()


def _key_id(secret: str) -> str:
    """Names a key without revealing it, so a refusal can say "signed with another key"."""
    return salted_hmac(SALT + ".key-id", "", secret=secret, algorithm="sha256").hexdigest()[:16]


def sign(data: dict[str, Any]) -> dict[str, Any]:
    """`data` (a manifest as a dict) with its signature, computed over every other key."""
    name, secret = _keys()[0]
    data = {key: value for key, value in data.items() if key != "signature"}
    value = _mac(data, secret)
    data["signature"] = {"algorithm": "hmac-sha256", "key": name, "key_id": _key_id(secret), "value": value}
    return data


def check_signature(data: dict[str, Any], where: Path, *, trust_unsigned: bool = False) -> bool:
    """True when signed with one of this machine's keys, False for an unsigned manifest that `trust_unsigned`
    lets through; else BackupError saying why. A signature that does not match is never let through."""
    signature = data.get("signature")
    if signature is None:
        if trust_unsigned:
            return False
        raise BackupError(
            _(
                "%(file)s is not signed (made by an older govkpi?), so a file changed together with its checksum "
                "would not be noticed; restore it only if you trust where it has been, with --trust-unsigned"
            )
            % {"file": where}
        )
    given = signature.get("value") if isinstance(signature, dict) else None
    keys = _keys()
    if isinstance(given, str) and any(constant_time_compare(_mac(data, secret), given) for _name, secret in keys):
        return True
    theirs = signature.get("key_id") if isinstance(signature, dict) else None
    if theirs in {_key_id(secret) for _name, secret in keys}:
        raise BackupError(
            _("%(file)s: the signature does not match: the manifest was changed after the backup was made")
            % {"file": where}
        )
    raise BackupError(
        _(
            "%(file)s: the signature does not match this machine's key (the backup's key id %(theirs)s, this "
            "machine's %(ours)s): the manifest was changed, or the backup was signed with another key; restore with "
            "the SECRET_KEY or GOVKPI_BACKUP_KEY it was made with"
        )
        % {"file": where, "theirs": theirs or "-", "ours": _key_id(keys[0][1])}
    )


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


def _decoder(field: models.Field) -> Any:
    """How a column's backed-up value becomes the field's value again: the field's own ``to_python``, except for
    bytes, which :func:`_encode` writes as hex (``BinaryField.to_python`` would read text as base64)."""
    if isinstance(field, models.BinaryField):
        return bytes.fromhex
    return field.to_python


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


def write_backup(target: Path, progress: Progress = SILENT) -> Manifest:
    """Write every table and every uploaded and evidence file under `target` (which must be empty or absent).
    ``progress`` is told two stages: the tables (counted a table at a time), then the files.

    Call inside a transaction (REPEATABLE READ on PostgreSQL) so all tables come from one moment."""
    check_migrated()
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(_("%(dir)s is not empty") % {"dir": target})
    (target / "tables").mkdir()
    manifest = Manifest(timezone.now().isoformat(), connection.vendor, applied_migrations())
    models_to_write = backed_up_models()
    with progress.stage(_("backing up tables"), total=len(models_to_write)) as bar:
        for model in models_to_write:
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
            bar.advance()
    sources = [
        (name, root, source)
        for name, root in file_roots().items()
        if root.is_dir()
        for source in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    ]
    with progress.stage(_("backing up files"), total=len(sources)) as bar:
        for name, root, source in sources:
            relative = f"{name}/{source.relative_to(root).as_posix()}"
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
            manifest.files[relative] = _sha256(destination)
            bar.advance()
    from govkpi.audit.models import AuditEvent

    newest = AuditEvent.objects.aggregate(newest=Max("seq"))["newest"] or 0  # the snapshot's end of the chain
    entries = audit_anchors.copy_until(target / ANCHORS, newest)
    manifest.anchors = {"file": ANCHORS, "entries": entries, "sha256": _sha256(target / ANCHORS)}
    manifest.signed = True
    data = sign(manifest.as_dict())
    (target / MANIFEST).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    return manifest


def read_backup(source: Path, *, trust_unsigned: bool = False, progress: Progress = SILENT) -> Manifest:
    """The manifest of a backup, after checking its signature, that every path stays inside the backup and inside
    MEDIA_ROOT / EVIDENCE_ROOT, and that every file it names is there with the same bytes. Writes nothing."""
    where = source / MANIFEST
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(_("%(file)s: %(error)s") % {"file": where, "error": error}) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(_("%(file)s: not a %(format)s backup") % {"file": where, "format": FORMAT})
    signed = check_signature(data, where, trust_unsigned=trust_unsigned)
    try:
        manifest = Manifest(
            data["created"],
            data["engine"],
            data["migrations"],
            [TableFile(t["model"], t["rows"], t["sha256"]) for t in data["tables"]],
            data["files"],
            data.get("anchors"),
            signed,
        )
    except (KeyError, TypeError) as error:
        raise BackupError(_("%(file)s: %(error)s") % {"file": where, "error": f"no {error}"}) from None
    anchors = manifest.anchors
    if not isinstance(manifest.files, dict) or not (anchors is None or isinstance(anchors, dict)):
        raise BackupError(_("%(file)s: not a %(format)s backup") % {"file": where, "format": FORMAT})
    files = [(source / "tables" / f"{t.label}.jsonl", t.sha256) for t in manifest.tables]
    roots = file_roots()
    for relative, digest in manifest.files.items():
        name, _sep, inner = relative.partition("/")
        if name not in roots:
            raise BackupError(_("%(file)s: a media path outside the backup") % {"file": relative})
        _inside(roots[name], inner, relative)
        files.append((_inside(source, relative), digest))
    if anchors is not None:
        files.append((_inside(source, str(anchors.get("file", ""))), anchors.get("sha256")))
    with progress.stage(_("checking the backup's files"), total=len(files)) as bar:
        for path, digest in files:
            if not path.is_file():
                raise BackupError(_("%(file)s: missing") % {"file": path})
            if _sha256(path) != digest:
                raise BackupError(
                    _("%(file)s: its contents changed since the backup (sha256 differs)") % {"file": path}
                )
            bar.advance()
    return manifest


def check_restorable(source: Path, manifest: Manifest) -> None:
    """The backup fits this database: migrations applied and the same, every table known, every column known."""
    models_by_label = _compatible(manifest)
    for table in manifest.tables:
        model = models_by_label[table.label]
        path = source / "tables" / f"{table.label}.jsonl"
        with path.open(encoding="utf-8") as handle:
            try:
                columns = json.loads(handle.readline())
            except ValueError as error:
                raise BackupError(_("%(file)s: %(error)s") % {"file": path, "error": error}) from None
        _known_columns(path, model, columns)


def _inside(root: Path, relative: str, name: str | None = None) -> Path:
    """`root/relative`, refusing names that climb out of root (a hand-edited manifest is not trusted)."""
    path = (root / relative).resolve()
    if not relative or not path.is_relative_to(root.resolve()):
        raise BackupError(_("%(file)s: a media path outside the backup") % {"file": name or relative})
    return path


def _known_columns(path: Path, model: type[models.Model], columns: Any) -> None:
    by_attname = {f.attname for f in model._meta.concrete_fields}
    if not isinstance(columns, list):
        raise BackupError(_("%(file)s: %(error)s") % {"file": path, "error": "no column names"})
    missing = [str(name) for name in columns if name not in by_attname]
    if missing:
        raise BackupError(
            _("%(file)s: columns %(columns)s are not in this version of %(model)s")
            % {"file": path.name, "columns": ", ".join(missing), "model": model._meta.label}
        )


def _rows(path: Path, model: type[models.Model]) -> Iterator[list[dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        columns = json.loads(handle.readline())
        _known_columns(path, model, columns)
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        converters = [_decoder(by_attname[name]) for name in columns]
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


def write_tables(source: Path, manifest: Manifest, bar: Bar | None = None) -> dict[str, int]:
    """Replace every table's rows with the backup's. Call inside a transaction: foreign keys are checked at commit
    (or earlier by `connection.check_constraints()`). ``bar`` counts the rows, a batch at a time."""
    models_by_label = _compatible(manifest)
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
            if bar is not None:
                bar.advance(len(batch))
    sequences = connection.ops.sequence_reset_sql(no_style(), list(models_by_label.values()))
    with connection.cursor() as cursor:
        for sql in sequences:
            cursor.execute(sql)
    return counts


def _compatible(manifest: Manifest) -> dict[str, type[models.Model]]:
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
    return models_by_label


def file_roots() -> dict[str, Path]:
    """The directories of files that belong with the data: uploads (MEDIA_ROOT) and evidence (EVIDENCE_ROOT)."""
    roots = {"media": Path(settings.MEDIA_ROOT)}
    if getattr(settings, "EVIDENCE_ROOT", None):
        roots["evidence"] = Path(settings.EVIDENCE_ROOT)
    return roots


def stage_files(source: Path, manifest: Manifest, staged: list[tuple[Path, Path]], bar: Bar | None = None) -> None:
    """Copy every file of the backup beside its place in MEDIA_ROOT / EVIDENCE_ROOT (`name.restoring`), checking
    each copy's sha256 once more; `staged` receives (copy, place) as they are made, for `discard_files` if anything
    fails. Nothing in place is touched until `publish_files`."""
    roots = file_roots()
    for relative, digest in manifest.files.items():
        name, _sep, inner = relative.partition("/")
        if name not in roots:
            raise BackupError(_("%(file)s: a media path outside the backup") % {"file": relative})
        destination = _inside(roots[name], inner, relative)
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(destination.name + STAGED)
        staged.append((temporary, destination))
        shutil.copy2(_inside(source, relative), temporary)
        if _sha256(temporary) != digest:
            raise BackupError(
                _("%(file)s: its contents changed since the backup (sha256 differs)") % {"file": source / relative}
            )
        if bar is not None:
            bar.advance()


def publish_files(staged: list[tuple[Path, Path]]) -> None:
    """Put the staged copies in place (a rename each, replacing files of the same name)."""
    for temporary, destination in staged:
        temporary.replace(destination)


def discard_files(staged: list[tuple[Path, Path]]) -> None:
    for temporary, _destination in staged:
        temporary.unlink(missing_ok=True)


def write_files(source: Path, manifest: Manifest) -> int:
    """Copy the backup's files back into MEDIA_ROOT and EVIDENCE_ROOT, replacing files of the same name."""
    staged: list[tuple[Path, Path]] = []
    try:
        stage_files(source, manifest, staged)
    except BaseException:
        discard_files(staged)
        raise
    publish_files(staged)
    return len(staged)


DATED = re.compile(r"\d{8}T\d{6}Z")  # the folders `govkpi backup --dated` makes: 20261203T021500Z


def dated_folder(base: Path) -> Path:
    """A new folder of ``base`` named by the time now (UTC), for one backup."""
    return base / timezone.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def prune_dated(base: Path, keep: int) -> list[Path]:
    """Remove the dated backups of ``base`` beyond the newest ``keep``: only folders named as `dated_folder` names
    them that hold a manifest (a folder of anything else is never touched). Returns those removed."""
    if not base.is_dir():
        return []
    dated = sorted(p for p in base.iterdir() if p.is_dir() and DATED.fullmatch(p.name) and (p / MANIFEST).is_file())
    removed = dated[:-keep] if keep else dated
    for folder in removed:
        shutil.rmtree(folder)
    return removed

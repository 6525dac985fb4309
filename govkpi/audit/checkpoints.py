"""Signed checkpoints: the end of the audit chain on a day, signed with a key that is not in the database.

    {"format": "govkpi-audit-checkpoint/1", "date": "2026-11-26", "seq": 102, "hash": "3fa…", "at": "…",
     "key": "GOVKPI_AUDIT_KEY", "hmac": "…"}

`govkpi audit checkpoint` writes one such line (JSON); a province keeps them off the machine or publishes them with
its open data. Later `govkpi audit verify --checkpoint FILE` checks each line's HMAC and that entry `seq` is still in
the database with that hash. As every hash covers the one before it, that proves entries 1…seq unchanged since the
day of the checkpoint; an entry missing proves the log was cut back.

The key: `GOVKPI_AUDIT_KEY` from the environment when set, else derived from `SECRET_KEY` (and, for checking,
`SECRET_KEY_FALLBACKS`) with the salt below, so someone who can only change the database cannot sign a checkpoint.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .anchors import append, entries
from .chain import GENESIS

FORMAT = "govkpi-audit-checkpoint/1"
SALT = "govkpi.audit.checkpoint"
SIGNED = ("format", "date", "seq", "hash", "at", "key")


def signing_keys(variable: str) -> list[tuple[str, str]]:
    """(name, secret): the key in the environment variable (or setting) ``variable`` if given, then SECRET_KEY and
    its fallbacks. The first signs; any of them verifies (what was signed before a change of SECRET_KEY still
    verifies). Checkpoints and backups each derive their own key from these with their own salt."""
    found: list[tuple[str, str]] = []
    own = os.environ.get(variable) or getattr(settings, variable, "")
    if own:
        found.append((variable, own))
    found.append(("SECRET_KEY", settings.SECRET_KEY))
    found += [("SECRET_KEY", fallback) for fallback in getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return found


def _keys() -> list[tuple[str, str]]:
    return signing_keys("GOVKPI_AUDIT_KEY")


def _mac(record: dict[str, Any], secret: str) -> str:
    payload = json.dumps({k: record.get(k) for k in SIGNED}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return salted_hmac(SALT, payload, secret=secret, algorithm="sha256").hexdigest()


def make(seq: int, hash: str) -> dict[str, Any]:
    name, secret = _keys()[0]
    record: dict[str, Any] = {
        "format": FORMAT,
        "date": timezone.localdate().isoformat(),
        "seq": seq,
        "hash": hash,
        "at": timezone.now().isoformat(timespec="seconds"),
        "key": name,
    }
    record["hmac"] = _mac(record, secret)
    return record


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, separators=(", ", ": ")) + "\n"


def authentic(record: dict[str, Any]) -> bool:
    given = record.get("hmac")
    if not isinstance(given, str):
        return False
    return any(constant_time_compare(_mac(record, secret), given) for _name, secret in _keys())


@dataclass
class CheckpointCheck:
    where: str  # FILE line N
    holds: bool
    message: str


def check_file(path: Path) -> list[CheckpointCheck]:
    """Every checkpoint in `path` (one JSON object a line) against the signature and the database."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        return [CheckpointCheck(str(path), False, f"{path}: cannot be read: {error.strerror or error}")]
    results: list[CheckpointCheck] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        where = f"{path} line {number}"
        try:
            record = json.loads(raw)
        except ValueError:
            record = None
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            results.append(CheckpointCheck(where, False, f"{where}: not a {FORMAT} checkpoint"))
            continue
        results.append(check(record, where))
    if not results:
        results.append(CheckpointCheck(str(path), False, f"{path}: holds no checkpoint"))
    return results


def check(record: dict[str, Any], where: str) -> CheckpointCheck:
    from .models import AuditEvent

    seq, hash, day = record.get("seq"), record.get("hash"), record.get("date")
    label = f"the checkpoint of {day} ({where})"
    if not authentic(record) or not isinstance(seq, int) or not isinstance(hash, str):
        return CheckpointCheck(
            where,
            False,
            f"{label} is refused: its signature does not match (forged or altered, or signed with another "
            f"{record.get('key') or 'key'} than this machine has)",
        )
    if seq == 0:
        holds = hash == GENESIS
        return CheckpointCheck(where, holds, f"{label}: {'an empty log, holds' if holds else 'refused: not the start'}")
    found = AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
    if found is None:
        newest = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        if seq > newest:
            gone = range(newest + 1, seq + 1)
            verb = "are" if len(gone) > 1 else "is"
            return CheckpointCheck(
                where, False, f"{entries(gone)} {verb} gone: {label} records the log up to entry {seq}"
            )
        return CheckpointCheck(where, False, f"entry {seq} is gone: {label} records it")
    if found != hash:
        return CheckpointCheck(
            where,
            False,
            f"entry {seq} differs from {label} (database {found[:12]}…, checkpoint {hash[:12]}…): "
            "history was rewritten",
        )
    return CheckpointCheck(where, True, f"{label}: entries 1–{seq} hold")


def write(record: dict[str, Any], path: Path) -> None:
    """Append one checkpoint line to `path` (one file can keep every day's checkpoint)."""
    append(dumps(record), path)

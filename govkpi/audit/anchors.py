"""Audit anchors: every committed audit entry also leaves one line in a file outside the database.

The hash chain shows an entry altered or removed in the middle; the chain head row shows the newest entries removed
— unless the head row is rewritten or deleted as well. The anchor file is what the database cannot rewrite:

    $GOVKPI_DATA_DIR/audit-anchors.log    seq=101 hash=3fa…e2 at=2026-11-26T04:18:00.123456+00:00

One line per entry, appended when the entry is chained (`actions.seal`), only after the transaction that chains it
commits (`transaction.on_commit`), so a rolled-back or killed write leaves no line. The lines of one sealing are one
`write()` on a file opened with O_APPEND: lines of several threads and processes never interleave. Lines of
processes committing at the same moment may come in another order than their sequence numbers; nothing here depends
on the order.

A file may hold only some entries (a process killed between its commit and its line; an installation older than the
anchors; one of several hosts each with its own data directory): `check` compares what is there and never asks for
more. What it refuses: an anchored entry that the database no longer has, or has with another hash.

The setting `AUDIT_ANCHOR_FILE` moves the file (the tests give each test its own).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

FILE_NAME = "audit-anchors.log"
LINE = re.compile(r"seq=(?P<seq>[1-9][0-9]{0,18}) hash=(?P<hash>[0-9a-f]{64}) at=(?P<at>\S+)")
SHOWN = 10  # at most this many differing entries are named one by one


def anchor_path() -> Path:
    configured = getattr(settings, "AUDIT_ANCHOR_FILE", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / FILE_NAME


def line(seq: int, hash: str, at: dt.datetime) -> str:
    return f"seq={seq} hash={hash} at={at.isoformat(timespec='microseconds')}\n"


def parse(text: str) -> tuple[int, str, str] | None:
    """(seq, hash, at) of one line, or None for a line that is not an anchor (e.g. cut short by a crash: a line that
    was cut and then continued by the next writer has two `seq=` and does not match either)."""
    found = LINE.fullmatch(text.rstrip("\n"))
    if found is None:
        return None
    return int(found["seq"]), found["hash"], found["at"]


def append(text: str, path: Path | None = None) -> None:
    """Append whole lines with one write() on an O_APPEND descriptor."""
    path = path or anchor_path()
    data = text.encode("ascii")
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o640)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, flags, 0o640)
    try:
        written = os.write(fd, data)
        if written != len(data):  # a full disk: never leave half a line for the next writer to continue
            raise OSError(f"{path}: only {written} of {len(data)} bytes written")
    finally:
        os.close(fd)


def anchor_on_commit(sealed: list[tuple[int, str, dt.datetime]]) -> None:
    """Register the anchors of entries being chained, (seq, hash, at) each: appended, in one write, when (and only
    if) the transaction that chains them commits.

    A failure to write them is logged, never raised: the entries are committed by then, and a missing anchor only
    means that its entry is checked by the chain alone."""
    text = "".join(line(seq, hash, at) for seq, hash, at in sealed)
    numbers = entries(seq for seq, _hash, _at in sealed)

    def write() -> None:
        try:
            append(text)
        except OSError as error:
            logger.warning("audit %s: anchor not written: %s", numbers, error)

    transaction.on_commit(write)


@dataclass
class Anchors:
    """What an anchor file says: seq -> hash, and what could not be read."""

    path: Path
    exists: bool
    hashes: dict[int, str] = field(default_factory=dict)
    conflicting: set[int] = field(default_factory=set)  # entries with two different hashes in the file
    lines: int = 0
    unreadable: list[int] = field(default_factory=list)  # line numbers

    @property
    def newest(self) -> int:
        return max(self.hashes, default=0)


def read(path: Path | None = None) -> Anchors:
    path = path or anchor_path()
    anchors = Anchors(path, path.is_file())
    if not anchors.exists:
        return anchors
    with path.open(encoding="ascii", errors="replace", newline="\n") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            anchors.lines += 1
            parsed = parse(text)
            if parsed is None:
                anchors.unreadable.append(number)
                continue
            seq, hash, _at = parsed
            known = anchors.hashes.setdefault(seq, hash)
            if known != hash:
                anchors.conflicting.add(seq)
    return anchors


def entries(numbers: Iterable[int]) -> str:
    """Names numbers as ranges: "entry 7", "entries 101–102", "entries 3, 9–11"."""
    ranges: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if ranges and ranges[-1][1] == n - 1:
            ranges[-1] = (ranges[-1][0], n)
        else:
            ranges.append((n, n))
    text = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in ranges)
    single = len(ranges) == 1 and ranges[0][0] == ranges[0][1]
    return f"entry {text}" if single else f"entries {text}"


@dataclass
class AnchorCheck:
    anchors: Anchors
    problems: list[str]
    warnings: list[str]

    def summary(self) -> str:
        anchors = self.anchors
        if not anchors.exists:
            return f"audit anchors: no anchors yet ({anchors.path} does not exist; the first write creates it)"
        if not anchors.hashes:
            return f"audit anchors: no anchors yet in {anchors.path}"
        state = "all match" if not self.problems else f"{len(self.problems)} problem(s)"
        return (
            f"audit anchors: {len(anchors.hashes)} entries recorded in {anchors.path}, "
            f"the newest #{anchors.newest}; {state}"
        )


def check(path: Path | None = None, batch: int = 5000) -> AnchorCheck:
    """Compare the anchor file with the database: every anchored entry must be there with the same hash.

    The file is read before the database, so an entry committed (and anchored) meanwhile is in the database too."""
    from .models import AuditEvent

    anchors = read(path)
    problems: list[str] = []
    warnings: list[str] = []
    if anchors.unreadable:
        shown = ", ".join(str(n) for n in anchors.unreadable[:SHOWN])
        warnings.append(
            f"{anchors.path}: {len(anchors.unreadable)} line(s) are not anchors and were skipped (line {shown}); "
            "a write cut short by a crash leaves one"
        )
    if not anchors.hashes:
        return AnchorCheck(anchors, problems, warnings)
    for seq in sorted(anchors.conflicting)[:SHOWN]:
        problems.append(f"the anchor file records two different hashes for entry {seq}")
    present: set[int] = set()
    differing: list[tuple[int, str, str]] = []
    for seq, hash in _stream(AuditEvent, anchors.hashes, batch):
        present.add(seq)
        anchored = anchors.hashes[seq]
        if hash != anchored and seq not in anchors.conflicting:
            differing.append((seq, hash, anchored))
    newest_in_database = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    missing = [seq for seq in anchors.hashes if seq not in present]
    tail = [seq for seq in missing if seq > newest_in_database]
    inside = [seq for seq in missing if seq <= newest_in_database]
    if tail:
        gone = range(newest_in_database + 1, max(tail) + 1)  # sequence numbers have no gaps: all of them are gone
        records = "them" if len(gone) > 1 else "it"
        problems.append(f"{entries(gone)} {'are' if len(gone) > 1 else 'is'} gone: the anchor file records {records}")
    if inside:
        many = len(inside) > 1
        problems.append(
            f"{entries(inside)} {'are' if many else 'is'} gone from the middle of the log: "
            f"the anchor file records {'them' if many else 'it'}"
        )
    for seq, hash, anchored in differing[:SHOWN]:
        problems.append(
            f"entry {seq} differs from its anchor (database {hash[:12]}…, anchor file {anchored[:12]}…): "
            "history was rewritten, or the anchor file belongs to another database"
        )
    if len(differing) > SHOWN:
        problems.append(f"… and {len(differing) - SHOWN} more entries differ from their anchors")
    return AnchorCheck(anchors, problems, warnings)


def _stream(model: type, wanted: dict[int, str], batch: int) -> Iterator[tuple[int, str]]:
    """(seq, hash) of the events whose seq is anchored, in chunks of sequence numbers."""
    seqs = sorted(wanted)
    for start in range(0, len(seqs), batch):
        chunk = seqs[start : start + batch]
        query = model.objects.filter(seq__gte=chunk[0], seq__lte=chunk[-1]).values_list("seq", "hash")
        for seq, hash in query.iterator(chunk_size=batch):
            if seq in wanted:
                yield seq, hash


def copy_until(target: Path, newest: int, path: Path | None = None) -> int:
    """Copy the anchors of entries 1…newest into `target` (for a backup: anchors committed after its snapshot are
    left out, as their entries are). Returns the number of lines copied."""
    source = path or anchor_path()
    copied = 0
    with target.open("w", encoding="ascii", newline="\n") as out:
        if source.is_file():
            with source.open(encoding="ascii", errors="replace", newline="\n") as handle:
                for text in handle:
                    parsed = parse(text)
                    if parsed is not None and parsed[0] <= newest:
                        out.write(text.rstrip("\n") + "\n")
                        copied += 1
    return copied


def replace_with(source: Path | None, path: Path | None = None) -> Path | None:
    """Put `source` (a backup's anchors; None: none) in place of the anchor file; the file it replaces is kept beside
    it as `audit-anchors.log.replaced-<UTC time>`, whose path is returned (None when there was none)."""
    path = path or anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".restoring")
    if source is None:
        temporary.write_bytes(b"")
    else:
        shutil.copyfile(source, temporary)
    kept = None
    if path.exists():
        kept = path.with_name(f"{path.name}.replaced-{timezone.now():%Y%m%dT%H%M%S%fZ}")
        try:  # keep the old file, then swap in the new one in one step
            os.link(path, kept)
        except OSError:  # a file system without hard links
            shutil.copy2(path, kept)
    temporary.replace(path)
    return kept

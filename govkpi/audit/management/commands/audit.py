"""`govkpi audit verify` and `govkpi audit checkpoint`.

verify: exit 0 when the chain holds, agrees with the anchor file and with every checkpoint given; else exit 3 naming
each altered, removed or missing entry. checkpoint: sign the end of a verified chain (see `checkpoints`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govkpi.audit import anchors, checkpoints
from govkpi.audit.chain import GENESIS
from govkpi.audit.models import AuditEvent
from govkpi.audit.verify import verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain against its anchors and checkpoints; sign checkpoints."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        check = sub.add_parser(
            "verify",
            help="recompute every hash, follow every link, compare with the anchor file and the checkpoints given",
        )
        check.add_argument(
            "--checkpoint",
            dest="checkpoints",
            metavar="FILE",
            nargs="+",
            action="extend",
            default=[],
            help="files written by `govkpi audit checkpoint` (one checkpoint a line)",
        )
        check.add_argument(
            "--anchors",
            metavar="FILE",
            help="the anchor file to compare with (default: $GOVKPI_DATA_DIR/audit-anchors.log)",
        )
        sign = sub.add_parser("checkpoint", help="verify, then sign the end of the chain (date, entry, hash)")
        sign.add_argument("--out", metavar="FILE", help="append the checkpoint to FILE (default: print it)")

    def handle(self, *args: Any, verb: str, **options: Any) -> str | None:
        if verb == "checkpoint":
            return self.checkpoint(options.get("out"))
        return self.verify(options.get("checkpoints") or [], options.get("anchors"))

    def verify(self, files: list[str], anchor_file: str | None) -> str:
        _checked, report, problems = _check(Path(anchor_file) if anchor_file else None)
        for name in files:
            for result in checkpoints.check_file(Path(name)):
                (report if result.holds else problems).append(result.message)
        if problems:
            if report:
                self.stdout.write("\n".join(report))
            raise CommandError("\n".join(problems), returncode=3)
        return "\n".join(report)

    def checkpoint(self, out: str | None) -> str | None:
        seq, _report, problems = _check(None)
        if problems:
            raise CommandError(
                "no checkpoint signed: the audit log does not verify\n" + "\n".join(problems), returncode=3
            )
        # the chain verified: entries 1…seq, no gaps, the last one's hash is the head
        hash = AuditEvent.objects.get(seq=seq).hash if seq else GENESIS
        record = checkpoints.make(seq, hash)
        if out is None:
            return checkpoints.dumps(record).rstrip("\n")
        checkpoints.write(record, Path(out))
        return f"checkpoint of {record['date']} (entry {seq}, {hash[:12]}…) appended to {out}"


def _check(anchor_file: Path | None) -> tuple[int, list[str], list[str]]:
    """(entries checked, what holds, what is wrong) for the chain and the anchor file. The anchor file is read
    first: an entry committed meanwhile is then in the database too."""
    anchored = anchors.check(anchor_file)
    checked, broken = verify()
    report: list[str] = []
    problems: list[str] = []
    if broken is None:
        report.append(f"audit chain intact: {checked} entries")
    elif broken.problem == "headless":
        problems.append(str(broken))
    else:
        problems.append(f"{broken} ({checked} entries before it are intact)")
    report.append(anchored.summary())
    report += [f"warning: {text}" for text in anchored.warnings]
    problems += anchored.problems
    return checked, report, problems

"""`govkpi audit verify` — exit 0 when the chain holds, else non-zero naming the first altered or removed entry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govkpi.audit.verify import verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("verify", help="recompute every hash and follow every link")

    def handle(self, *args: Any, **options: Any) -> str:
        checked, broken = verify()
        if broken is not None:
            raise CommandError(f"{broken} ({checked} entries before it are intact)", returncode=3)
        return f"audit chain intact: {checked} entries"

"""`govkpi notify deliver [--limit 200]` — send the notices that are due (from cron, every few minutes); one line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from govkpi.notify.outbox import deliver


class Command(BaseCommand):
    help = "Send the LINE and e-mail notices of the outbox that are due (retrying with back-off)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what")
        deliver_parser = sub.add_parser("deliver", help="send what is due")
        deliver_parser.add_argument("--limit", type=int, default=200, help="at most this many messages")

    def handle(self, *args: Any, **options: Any) -> str:
        done = deliver(limit=options.get("limit") or 200)
        return f"sent {done.sent}, to retry {done.later}, failed {done.failed}"

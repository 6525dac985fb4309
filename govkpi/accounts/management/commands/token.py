"""`govkpi token create USERNAME` — prints the new API token alone on its last line."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from govkpi.accounts.actions import create_token


class Command(BaseCommand):
    help = "Create an API token for a user. The token is shown once."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="create a token")
        create.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user is called {options['username']!r}")
        token = create_token(user, acting_user=None, channel="cli")
        self.stderr.write(f"API token for {user.get_username()} (shown once; keep it secret):")
        self.stdout.write(token)

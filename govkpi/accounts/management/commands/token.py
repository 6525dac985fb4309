"""API tokens from the command line:

* ``govkpi token create USERNAME [--name N] [--expires-days D] [--scope write] [--scope tokens]`` — prints the new
  token alone on its last line; without ``--scope`` it only reads (least privilege)
* ``govkpi token list [--user U]`` — prefix, user, name, created, last used, expires, scopes, status; one line each
* ``govkpi token revoke PREFIX`` — revokes the one token with that prefix
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from govkpi.accounts.actions import create_token, expiry_in_days, revoke_token, token_status
from govkpi.accounts.choices import Scope
from govkpi.accounts.models import ApiToken, hash_token


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = "Create, list and revoke API tokens. A new token is shown once."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="create a token (printed once, alone on the last line)")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")
        create.add_argument("--expires-days", type=int, default=None, help="days until it expires (default: never)")
        create.add_argument("--scope", action="append", default=[], metavar="SCOPE",
                            help="what it may do besides read: write (enter, submit, approve, change data), tokens "
                                 "(create and revoke tokens); repeat or separate with commas (default: read only)")
        listing = sub.add_parser("list", help="list tokens")
        listing.add_argument("--user", default=None, help="only this user's tokens")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['verb']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user is called {options['username']!r}")
        days = options["expires_days"]
        if days is not None and not 1 <= days <= 3650:
            raise CommandError("--expires-days must be between 1 and 3650")
        scopes = [part.strip() for given in options["scope"] for part in given.split(",") if part.strip()]
        unknown = sorted(set(scopes) - set(Scope.values))
        if unknown:
            raise CommandError(f"unknown scope {', '.join(unknown)}; the scopes are {', '.join(Scope.values)}")
        try:
            token = create_token(user, acting_user=None, channel="cli", name=options["name"],
                                 expires_at=expiry_in_days(days), scopes=scopes)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        held = ApiToken.objects.get(digest=hash_token(token)).scopes
        self.stderr.write(f"API token for {user.get_username()}, scopes: {held} (shown once; keep it secret):")
        self.stdout.write(token)

    def _list(self, options: dict[str, Any]) -> None:
        rows = ApiToken.objects.select_related("user").order_by("user__username", "-created_at", "-id")
        if options["user"]:
            rows = rows.filter(user__username=options["user"])
        now = timezone.now()
        self.stdout.write("prefix\tuser\tname\tcreated\tlast used\texpires\tscopes\tstatus")
        for row in rows:
            self.stdout.write("\t".join((row.prefix, row.user.get_username(), row.name or "-", _when(row.created_at),
                                         _when(row.last_used_at), _when(row.expires_at),
                                         ",".join(row.scope_list()), token_status(row, now))))

    def _revoke(self, options: dict[str, Any]) -> None:
        prefix = options["prefix"].rstrip("…").strip()
        rows = list(ApiToken.objects.filter(prefix=prefix)[:2]) if prefix else []
        if not rows:
            raise CommandError(f"no token has the prefix {prefix!r}")
        if len(rows) > 1:
            raise CommandError(f"several tokens have the prefix {prefix!r}; revoke them in the web page")
        token = revoke_token(rows[0], acting_user=None, channel="cli")
        self.stdout.write(f"revoked {token.prefix}… of {token.user.get_username()}")

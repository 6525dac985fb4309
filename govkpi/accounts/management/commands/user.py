"""`govkpi user add USERNAME --org CODE --role ROLE [--password-stdin] [--email ADDRESS]`"""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from govkpi.accounts.actions import add_user
from govkpi.accounts.choices import Role
from govkpi.orgs.models import OrgUnit


class Command(BaseCommand):
    help = "Add a user (or give an existing one another role) in an organisation."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        add = sub.add_parser("add", help="add a user with a role in an organisation")
        add.add_argument("username")
        add.add_argument("--org", required=True, help="organisation code")
        add.add_argument("--role", required=True, choices=list(Role.values))
        add.add_argument("--email", default="")
        add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    def handle(self, *args: Any, **options: Any) -> str:
        org = OrgUnit.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"no organisation has code {options['org']!r}")
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("no password on standard input")
        try:
            user = add_user(
                options["username"],
                org=org,
                role=options["role"],
                password=password,
                email=options["email"],
                acting_user=None,
                channel="cli",
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        return f"{user.get_username()}: {options['role']} of {org.code}"

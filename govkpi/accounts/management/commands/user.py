"""`govkpi user add USERNAME --org CODE --role ROLE[,ROLE…] [--role ROLE …] [--password-stdin] [--email ADDRESS]`"""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from govkpi.accounts.actions import add_user
from govkpi.accounts.choices import Role
from govkpi.orgs.models import OrgUnit

ROLES = list(Role.values)


def roles_of(given: list[str]) -> list[str]:
    """``--role reporter --role approver`` or ``--role reporter,approver`` → the roles, each once, in order."""
    roles: list[str] = []
    for item in given:
        for role in (part.strip() for part in item.split(",")):
            if role not in ROLES:
                raise CommandError(f"unknown role {role!r}: choose from {', '.join(ROLES)}")
            if role not in roles:
                roles.append(role)
    return roles


class Command(BaseCommand):
    help = "Add a user (or give an existing one more roles) in an organisation."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        add = sub.add_parser(
            "add",
            help="add a user with one or more roles in an organisation",
            description="Add a user with one or more roles in an organisation, or give an existing user (same "
            "name) more: one membership per role. Adding a role the user already holds changes nothing.",
        )
        add.add_argument("username")
        add.add_argument("--org", required=True, help="organisation code")
        add.add_argument(
            "--role",
            required=True,
            action="append",
            metavar="ROLE[,ROLE...]",
            help=f"{', '.join(ROLES)}; repeat it or separate with commas for several roles "
            "(--role reporter --role approver, or --role reporter,approver)",
        )
        add.add_argument("--email", default="")
        add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    def handle(self, *args: Any, **options: Any) -> str:
        roles = roles_of(options["role"])
        org = OrgUnit.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"no organisation has code {options['org']!r}")
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("no password on standard input")
        try:
            with transaction.atomic():  # every role or none
                for n, role in enumerate(roles):
                    user = add_user(
                        options["username"],
                        org=org,
                        role=role,
                        password=password if n == 0 else None,
                        email=options["email"],
                        acting_user=None,
                        channel="cli",
                    )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        return f"{user.get_username()}: {', '.join(roles)} of {org.code}"

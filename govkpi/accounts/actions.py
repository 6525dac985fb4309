"""Writes to people and roles: add a user, give a role, create an API token. Each is atomic and audited."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from govkpi.audit.actions import record
from govkpi.orgs.models import OrgUnit

from .choices import Role
from .models import ApiToken, Membership, hash_token
from .permissions import forget_roles

TOKEN_PREFIX = "gk_"


@transaction.atomic
def add_user(
    username: str,
    *,
    org: OrgUnit,
    role: str,
    password: str | None = None,
    email: str = "",
    acting_user: AbstractBaseUser | None,
    channel: str,
) -> AbstractBaseUser:
    """Create the user if needed (password checked by Django's validators) and give it `role` in `org`."""
    role = Role(role)
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": email})
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
    elif created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership, added = Membership.objects.get_or_create(user=user, org=org, role=role)
    forget_roles(user)
    record(
        acting_user=acting_user,
        channel=channel,
        action="accounts.user.add" if created else "accounts.membership.add",
        object_type="auth.user",
        object_key=username,
        changes={"org": [None, org.code], "role": [None, str(role)], "password_set": password is not None}
        if added
        else {"password_set": password is not None},
    )
    return user


@transaction.atomic
def create_token(user: AbstractBaseUser, *, acting_user: AbstractBaseUser | None, channel: str) -> str:
    """A new API token for `user`; returns the token itself, which is not stored and cannot be shown again."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=hash_token(token), prefix=token[:10])
    record(
        acting_user=acting_user,
        channel=channel,
        action="accounts.token.create",
        object_type="accounts.apitoken",
        object_key=f"{user.get_username()} {token[:10]}…",
    )
    return token

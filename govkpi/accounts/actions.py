"""Writes to people and roles: add a user, give a role, create and revoke API tokens. Each is atomic and audited."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from govkpi.audit.actions import record
from govkpi.orgs.models import OrgUnit

from .choices import Role, Scope
from .models import ApiToken, Membership, hash_token
from .permissions import forget_roles, is_province_admin

TOKEN_PREFIX = "gk_"
NAME_MAX = 100
EXPIRY_DAYS = (30, 90, 365)  # the choices on the tokens page (or none)


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
def create_token(
    user: AbstractBaseUser,
    *,
    acting_user: AbstractBaseUser | None,
    channel: str,
    name: str = "",
    expires_at: datetime | None = None,
    scopes: Iterable[str] = (Scope.READ,),
) -> str:
    """A new API token for `user`, named and optionally expiring; returns the token itself, which is not stored
    (only its SHA-256 is) and cannot be shown again. `scopes` (see :class:`Scope`) say what it may do within the
    user's roles; every token reads, so ``read`` is always added. The default is least privilege: read only."""
    name = name.strip()
    if len(name) > NAME_MAX:
        raise ValidationError({"name": [_("At most %(n)s characters.") % {"n": NAME_MAX}]})
    if expires_at is not None:
        try:  # kept in UTC: a database takes any moment, not any offset (PostgreSQL refuses −20:14)
            if timezone.is_naive(expires_at):
                expires_at = timezone.make_aware(expires_at)
            expires_at = expires_at.astimezone(UTC)
        except (OverflowError, ValueError):
            raise ValidationError({"expires_at": [_("The expiry is not a date that can be kept.")]}) from None
        if expires_at <= timezone.now():
            raise ValidationError({"expires_at": [_("The expiry must be in the future.")]})
    held = normalized_scopes(scopes)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, digest=hash_token(token), prefix=token[:10], name=name,
                                  expires_at=expires_at, scopes=" ".join(held))
    record(
        acting_user=acting_user,
        channel=channel,
        action="accounts.token.create",
        object_type="accounts.apitoken",
        object_key=f"{user.get_username()} {row.prefix}…",
        changes={"name": [None, name], "expires_at": [None, expires_at.isoformat() if expires_at else None],
                 "scopes": [None, held]},
    )
    return token


def normalized_scopes(scopes: Iterable[str]) -> list[str]:
    """``scopes`` with ``read`` added, in the order of :class:`Scope`; an unknown scope is refused."""
    wanted = {str(scope) for scope in scopes}
    unknown = sorted(wanted - set(Scope.values))
    if unknown:
        raise ValidationError({"scopes": [_("Unknown scope: %(scopes)s. The scopes are %(known)s.")
                                          % {"scopes": ", ".join(unknown), "known": ", ".join(Scope.values)}]})
    return [scope for scope in Scope.values if scope in wanted | {Scope.READ}]


def expiry_in_days(days: int | None) -> datetime | None:
    """The expiry `days` days from now (None: never)."""
    return None if days is None else timezone.now() + timedelta(days=days)


def token_status(token: ApiToken, now: datetime | None = None) -> str:
    """``revoked``, ``expired`` or ``active``."""
    if token.revoked:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= (now or timezone.now()):
        return "expired"
    return "active"


def manageable_tokens(user: AbstractBaseUser) -> QuerySet[ApiToken]:
    """The tokens `user` may list and revoke: their own; a province admin, everyone's."""
    rows = ApiToken.objects.select_related("user")
    return rows if is_province_admin(user) else rows.filter(user=user)


@transaction.atomic
def revoke_token(token: ApiToken, *, acting_user: AbstractBaseUser | None, channel: str) -> ApiToken:
    """Revoke a token for good (the API refuses it from now on). Revoking a revoked token changes nothing."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked:
        return token
    token.revoked = True
    token.save(update_fields=["revoked"])
    record(
        acting_user=acting_user,
        channel=channel,
        action="accounts.token.revoke",
        object_type="accounts.apitoken",
        object_key=f"{token.user.get_username()} {token.prefix}…",
        changes={"revoked": [False, True]},
    )
    return token

"""People and roles: memberships of organisations, API tokens, failed logins (for throttling)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from govkpi.orgs.models import OrgUnit

from .choices import Role, Scope


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several, in several organisations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    org = models.ForeignKey(OrgUnit, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        ordering = ["user_id", "org__code", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.org_id} {self.role}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is kept; the token itself is shown once, at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("token prefix"), max_length=12, editable=False)
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("What the token is for, e.g. the system that uses it.")
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)
    scopes = models.CharField(
        _("scopes"), max_length=40, default=Scope.READ,
        help_text=_("What the token may do, space-separated: read; write (enter, submit, approve, change data); "
                    "tokens (create and revoke API tokens)."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}…"

    def scope_list(self) -> list[str]:
        """The token's scopes, in the order of :class:`Scope` (read, write, tokens)."""
        held = set(self.scopes.split())
        return [scope for scope in Scope.values if scope in held]

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes.split()


class LoginFailure(models.Model):
    """One failed login, kept for a while to throttle guessing (by username and by address)."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

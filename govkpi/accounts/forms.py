from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import throttle
from .choices import Scope

THROTTLED = _("Too many failed logins. Wait a few minutes and try again.")


class ThrottleMixin:
    """Refuses to even check a password while the username or address is locked out; counts failures and clears
    them on success (govkpi.accounts.throttle: one set of counters, rules and audit events for every login form)."""

    channel = "web"
    data: Any
    request: Any
    error_messages: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", ""))
        address = throttle.client_address(self.request) if self.request else ""
        if throttle.is_locked(username, address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            throttle.note_failure(username, address, channel=self.channel)
            raise
        throttle.clear(username, address)
        return cleaned


class ThrottledLoginForm(ThrottleMixin, AuthenticationForm):
    """Django's login form, throttled."""

    error_messages = {**AuthenticationForm.error_messages, "throttled": THROTTLED}


class ThrottledAdminLoginForm(ThrottleMixin, AdminAuthenticationForm):
    """The admin's login form (staff only), throttled by the same counters and rules; installed on admin.site in
    govkpi/accounts/admin.py."""

    channel = "admin"
    error_messages = {**AdminAuthenticationForm.error_messages, "throttled": THROTTLED}


EXPIRY_CHOICES = [("30", _("In 30 days")), ("90", _("In 90 days")), ("365", _("In 365 days")), ("", _("Never"))]
SCOPE_CHOICES = [
    (Scope.WRITE.value, _("Write: enter, submit and approve results, and change data, as your roles allow")),
    (Scope.TOKENS.value, _("Create tokens: create and revoke API tokens through the API")),
]


class TokenForm(forms.Form):
    """A new API token: what it is for, when it stops working, and what it may do besides reading (nothing ticked:
    read only, the least privilege)."""

    name = forms.CharField(label=_("Name"), max_length=100, required=False,
                           help_text=_("What the token is for, e.g. the system that uses it."))
    expires = forms.ChoiceField(label=_("Expires"), choices=EXPIRY_CHOICES, required=False, initial="90")
    scopes = forms.MultipleChoiceField(label=_("What the token may do"), choices=SCOPE_CHOICES, required=False,
                                       widget=forms.CheckboxSelectMultiple)

    def expires_days(self) -> int | None:
        value = self.cleaned_data.get("expires") or ""
        return int(value) if value else None

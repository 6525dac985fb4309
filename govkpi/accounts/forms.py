from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import throttle


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form, refusing to even check a password while the username or address is locked out."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed logins. Wait a few minutes and try again."),
    }

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", ""))
        address = throttle.client_address(self.request) if self.request else ""
        if throttle.is_locked(username, address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.note_failure(username, address)
            raise
        throttle.clear(username, address)
        return cleaned


EXPIRY_CHOICES = [("30", _("In 30 days")), ("90", _("In 90 days")), ("365", _("In 365 days")), ("", _("Never"))]


class TokenForm(forms.Form):
    """A new API token: what it is for, and when it stops working."""

    name = forms.CharField(label=_("Name"), max_length=100, required=False,
                           help_text=_("What the token is for, e.g. the system that uses it."))
    expires = forms.ChoiceField(label=_("Expires"), choices=EXPIRY_CHOICES, required=False, initial="90")

    def expires_days(self) -> int | None:
        value = self.cleaned_data.get("expires") or ""
        return int(value) if value else None

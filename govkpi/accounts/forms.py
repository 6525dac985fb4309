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

"""The visitor's display preferences kept in cookies: Thai or Arabic digits."""

from __future__ import annotations

from django.http import HttpRequest

DIGITS_COOKIE = "digits"
DIGITS_CHOICES = ("arabic", "thai")
DEFAULT_DIGITS = "arabic"
ONE_YEAR = 365 * 24 * 60 * 60


def digits_of(request: HttpRequest) -> str:
    value = request.COOKIES.get(DIGITS_COOKIE, DEFAULT_DIGITS)
    return value if value in DIGITS_CHOICES else DEFAULT_DIGITS

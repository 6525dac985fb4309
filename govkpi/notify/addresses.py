"""What a contact's address must look like, by channel (pure Python)."""

from __future__ import annotations

import re

LINE_ID = re.compile(r"[UCR][0-9a-f]{32}")  # a LINE user (U…), group (C…) or room (R…) id
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def address_problem(channel: str, address: str) -> str | None:
    """None when ``address`` suits ``channel``; else what it should look like (English, to be translated)."""
    if channel == "line" and not LINE_ID.fullmatch(address):
        return "a LINE id is U, C or R followed by 32 lower-case hexadecimal characters"
    if channel == "email" and not EMAIL.fullmatch(address):
        return "an e-mail address such as saraban@phrae.go.th"
    return None

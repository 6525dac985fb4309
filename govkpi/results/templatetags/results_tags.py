from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def getshown(row: Any, name: str) -> Any:
    """What an entry row's field shows: what was just posted, else the stored value."""
    return row.shown(name)

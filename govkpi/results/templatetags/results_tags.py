from __future__ import annotations

from typing import Any

from django import template

from govkpi.results.pages import rule_problems as _rule_problems

register = template.Library()


@register.filter
def getshown(row: Any, name: str) -> Any:
    """What an entry row's field shows: what was just posted, else the stored value."""
    return row.shown(name)


@register.filter
def errors_at(row: Any, name: str) -> list[str]:
    """The errors an entry row shows at one of its fields ("" for those of the row as a whole)."""
    return row.placed.get(name, [])


@register.filter
def rule_problems(result: Any) -> list[str]:
    """The rules a stored result breaks, in the active language (``pages.rule_problems``); [] for a sound one."""
    return _rule_problems(result)

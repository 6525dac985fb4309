"""Labels instead of codes (`govkpi.dashboards.labels`) and moments in Thai (BE, Thai months, Bangkok time):
``{% load labels %}{{ event|event_sentence }} {{ event.at|bedatetime|digits:digits }}``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils.translation import get_language

from govkpi.core.thai import format_datetime
from govkpi.dashboards import labels
from govkpi.dashboards.numbers import DASH

register = template.Library()

register.filter("kind_label", labels.kind_label)
register.filter("group_label", labels.group_label)
register.filter("metric_label", labels.metric_label)
register.filter("action_label", labels.action_label)
register.filter("actor_label", labels.actor_label)


@register.filter
def event_sentence(event: Any) -> str:
    return labels.event_sentence(event)


@register.filter
def bedatetime(value: datetime | None, style: str = "short") -> str:
    """A moment with its BE date and Bangkok time (``20 ก.ย. 2565 14:05 น.``, ``20 Sep 2565 BE, 14:05``)."""
    if not isinstance(value, datetime):
        return DASH
    return format_datetime(value, "en" if get_language() == "en" else "th", style=style)

"""Words for what the pages show beside the scorecard's own statuses (those are in `scorecards.labels`)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PROGRESS_LABELS: dict[str, Promise] = {
    "target_achieved": _("target achieved"),
    "substantial_progress": _("substantial progress"),
    "moderate_progress": _("moderate progress"),
    "limited_progress": _("limited progress"),
    "deterioration": _("deterioration"),
}

DIRECTION_HINTS: dict[str, Promise] = {
    "higher_is_better": _("higher is better"),
    "lower_is_better": _("lower is better"),
}


def progress_label(status: str | None) -> str:
    return "" if status is None else str(PROGRESS_LABELS.get(status, status))


def trend_label(delta: float | None) -> str:
    if delta is None:
        return ""
    if delta > 0.005:
        return str(_("up"))
    if delta < -0.005:
        return str(_("down"))
    return str(_("unchanged"))

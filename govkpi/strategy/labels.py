"""Words for the strategy cycle's statuses, in the active language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govkpi.scorecards.table import DASH

from .choices import ProjectStatus

PROGRESS = {
    "target_achieved": gettext_lazy("Target achieved"),
    "substantial_progress": gettext_lazy("Substantial progress"),
    "moderate_progress": gettext_lazy("Moderate progress"),
    "limited_progress": gettext_lazy("Limited progress"),
    "deterioration": gettext_lazy("Deterioration"),
}


def status_label(status: str | None) -> str:
    """A project's status (on track, delayed …); a dash when none was reported."""
    if not status:
        return DASH
    try:
        return str(ProjectStatus(status).label)
    except ValueError:
        return status


def progress_label(status: str | None) -> str:
    """An SDG-style progress status (scoring.md §8); a text when there is too little to say."""
    if not status:
        return _("Not enough data")
    return str(PROGRESS.get(status, status))

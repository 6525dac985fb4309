"""Words for statuses and value sources, shared by the command's table and the dashboards."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

STATUS_LABELS: dict[str, Promise] = {
    "achieved": _("achieved"),
    "at_risk": _("at risk"),
    "not_achieved": _("not achieved"),
    "no_data": _("no data"),
}

SOURCE_LABELS: dict[str | None, Promise] = {
    "own": _("own results"),
    "children": _("rolled up from units below"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def source_label(source: str | None) -> str:
    label = SOURCE_LABELS.get(source)
    return str(label) if label is not None else "–"

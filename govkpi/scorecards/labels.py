"""Words for statuses and value sources, shared by the command's table and the dashboards."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from govkpi.core.thai import format_date

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


def reason_label(reason: Any) -> str:
    """Why a scorecard row has no value (a :class:`govkpi.scorecards.reasons.Reason`), in the active language;
    "" for a row with a value or a data problem (the problem is said by `problems.describe`)."""
    code, due = reason.code, reason.due
    when = format_date(due, "en" if get_language() == "en" else "th", style="short") if due else ""
    if code == "no_criteria":
        return gettext("No criteria for this organisation this year")
    if code == "not_assigned":
        return gettext("Not assigned to this organisation")
    if code == "not_due":
        return gettext("Not due yet (first report due %(date)s)") % {"date": when}
    if code == "not_reported":
        return gettext("Due since %(date)s, no approved result yet") % {"date": when}
    return ""


def reason_counts_text(counts: list[tuple[str, int]]) -> list[str]:
    """One phrase per reason for a page's summary: "12 reported", "40 not assigned to this organisation"."""
    phrases = {
        "reported": lambda n: ngettext("%(n)s indicator reported", "%(n)s indicators reported", n),
        "not_due": lambda n: ngettext("%(n)s not due yet", "%(n)s not due yet", n),
        "not_reported": lambda n: ngettext("%(n)s due but not reported", "%(n)s due but not reported", n),
        "data_problem": lambda n: ngettext("%(n)s with a data problem", "%(n)s with a data problem", n),
        "no_criteria": lambda n: ngettext("%(n)s without criteria this year", "%(n)s without criteria this year", n),
        "not_assigned": lambda n: ngettext("%(n)s not assigned to this organisation",
                                           "%(n)s not assigned to this organisation", n),
    }
    return [phrases[code](n) % {"n": n} for code, n in counts if code in phrases]

"""What the workbook loader says about the strategy-cycle tables (planning.md), merged into
``govkpi.workbook.messages.MESSAGES``. The codes of :mod:`govkpi.core.budget` are here too."""

from __future__ import annotations

from django.utils.translation import gettext_noop

MESSAGES: dict[str, str] = {
    "unknown_plan": gettext_noop("no plan with code %(value)s in the file or the database"),
    "plan_years": gettext_noop("the last year (%(end)s) must not be before the first year (%(start)s)"),
    "plan_cycle": gettext_noop("the plans would serve each other in a cycle: %(path)s"),
    "unknown_plan_item_parent": gettext_noop("plan %(plan)s has no item with code %(value)s"),
    "bad_item_reference": gettext_noop("“%(value)s” is not a plan item: write PLAN:ITEM, such as NS:2"),
    "unknown_plan_item": gettext_noop("no plan item %(value)s in the file or the database"),
    "aligns_same_plan": gettext_noop("%(value)s is an item of the same plan: aligns names items of other plans"),
    "target_criteria": gettext_noop(
        "the target %(value)s differs from criteria.target %(criteria)s for the same indicator, organisation and year"
    ),
    "negative_money": gettext_noop("an amount of money cannot be negative (%(value)s)"),
    "project_dates": gettext_noop("the end (%(end)s) is before the start (%(start)s)"),
    "unknown_project": gettext_noop("no project with code %(value)s in the file or the database"),
    "progress_period_kind": gettext_noop("%(value)s is not a quarter or a month (use 2565-Q1 or 2565-M01)"),
    "progress_outside_year": gettext_noop("%(value)s is not in the project's fiscal year %(year)s"),
    "progress_overlap": gettext_noop("%(value)s overlaps %(other)s, also reported for this project"),
    "progress_range": gettext_noop("progress must be between 0 and 100, not %(value)s"),
    "progress_decreasing": gettext_noop(
        "progress %(value)s is lower than the %(other)s already reported for %(period)s"
    ),
    "over_allocated": gettext_noop(
        "the project's disbursements (%(total)s) would exceed its allocation (%(allocated)s)"
    ),
    "share_period": gettext_noop("%(value)s is not a quarter (use 2565-Q1 … Q4)"),
    "share_year": gettext_noop("%(value)s is not a quarter of fiscal year %(year)s"),
    "share_range": gettext_noop("the share must be between 0 and 1, not %(value)s"),
    "share_decreasing": gettext_noop(
        "the cumulative share %(value)s is lower than %(other)s, the share by %(period)s"
    ),
    "commentary_subject": gettext_noop("give exactly one of indicator or goal"),
}


def _show(value: object) -> object:
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    return value


def describe(code: str, params: dict[str, object]) -> str:
    """A problem of :mod:`govkpi.core.budget` (or of this module) in the active language."""
    from django.utils.translation import gettext

    return gettext(MESSAGES[code]) % {name: _show(value) for name, value in params.items()}

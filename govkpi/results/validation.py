"""Checks at entry (web form, API, reporter Excel): the rules of every entry point (:mod:`govkpi.core.results`,
through :mod:`.rules`) and one warning of entry alone.

Errors are a ``ValidationError`` keyed by field. A value that jumps by more than the year's ``jump_factor`` from the
previous period is a *warning*: accepted once the reporter confirms it (``confirm_jump``) and explains it in the note.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from govkpi.core.periods import Period, PeriodError
from govkpi.core.results import Entered, Problem
from govkpi.core.thai import ThaiValueError, parse_number
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator

from .models import ReportingCalendar
from .rules import check_result, message, parse, validation_error


@dataclass(frozen=True)
class Entry(Entered):
    """A result as a person entered it, and whether they confirmed a jump from the previous period."""

    confirm_jump: bool = False


def number(raw: object, field: str, errors: dict[str, list[str]]) -> float | None:
    """A number from a form, JSON or a sheet cell: empty → None; Thai digits and separators allowed."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        if isinstance(raw, bool):
            raise TypeError(raw)
        return parse_number(raw)  # type: ignore[arg-type]
    except (ThaiValueError, TypeError, ValueError):
        shown = raw if isinstance(raw, str) else str(raw)
        errors.setdefault(field, []).append(message(Problem("not_number", field, {"value": shown.strip()[:50]})))
        return None


def period_of(code: str) -> Period:
    """The period of a code a person gave, within the fiscal years results may have; a ValidationError otherwise."""
    period, problem = parse(code)
    if problem is not None or period is None:
        raise validation_error([problem] if problem is not None else [])
    return period


def previous_period(period: Period) -> Period | None:
    """The period of the same kind just before (the last one of the year before for the first)."""
    if period.index > 1:
        return Period(period.fiscal_year, period.kind, period.index - 1)
    try:
        return Period(period.fiscal_year - 1, period.kind, period.kind.per_year)
    except PeriodError:
        return None


def is_jump(new: float, old: float | None, factor: float) -> bool:
    if old is None or old == 0 or new == 0 or factor <= 1:
        return False
    ratio = abs(new) / abs(old)
    return ratio > factor or ratio < 1 / factor


def check_entry(
    indicator: Indicator,
    org: OrgUnit,
    period: str,
    entry: Entry,
    *,
    other_periods: Iterable[str],
    previous_value: float | None,
    calendar: ReportingCalendar,
    responsible: Collection[str] | None = None,
) -> tuple[Period, Entry]:
    """The rules of :mod:`govkpi.core.results` (as every entry point applies them), then the entry-only warning of
    a jump from the previous period. The period and the entry made consistent (a ratio's value computed from its
    parts), or a ValidationError by field. ``responsible``: as `rules.check_result` takes it."""
    checked, problems = check_result(indicator, org, period, entry, other_periods=other_periods,
                                     responsible=responsible)
    if checked is None:
        raise validation_error(problems)
    clean = checked.entered
    value = clean.value
    if value is not None and is_jump(value, previous_value, calendar.jump_factor):
        if not (entry.confirm_jump and clean.note):
            raise ValidationError({"confirm_jump": [
                _(
                    "The value is more than %(factor)s times different from the previous period (%(previous)s). "
                    "If it is right, confirm it and explain it in the note."
                )
                % {"factor": f"{calendar.jump_factor:g}", "previous": f"{previous_value:g}"}
            ]})
    return checked.period, Entry(value, clean.numerator, clean.denominator, clean.note, clean.evidence_url,
                                 entry.confirm_jump)

"""Checks at entry (web form, API, reporter Excel): the same rules everywhere.

Errors are a ``ValidationError`` keyed by field. A value that jumps by more than the year's ``jump_factor`` from the
previous period is a *warning*: accepted once the reporter confirms it (``confirm_jump``) and explains it in the note.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from govkpi.core.periods import Period, PeriodError, parse_period
from govkpi.core.scoring import ratio_agrees
from govkpi.core.thai import ThaiValueError, parse_number
from govkpi.orgs.models import OrgUnit
from govkpi.plans.choices import Aggregation
from govkpi.plans.models import Indicator

from .models import ReportingCalendar, Result


@dataclass(frozen=True)
class Entry:
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    evidence_url: str = ""
    confirm_jump: bool = False


def number(raw: object, field: str, errors: dict[str, list[str]]) -> float | None:
    """A number from a form, JSON or a sheet cell: empty → None; Thai digits and separators allowed."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        errors.setdefault(field, []).append(_("Enter a number."))
        return None
    try:
        return parse_number(raw)  # type: ignore[arg-type]
    except (ThaiValueError, TypeError, ValueError):
        errors.setdefault(field, []).append(_("Enter a number."))
        return None


def period_of(code: str) -> Period:
    try:
        return parse_period(code)
    except PeriodError as error:
        raise ValidationError({"period": [_("Not a period code such as 2565-Q1.")]}) from error


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
    period: Period,
    entry: Entry,
    *,
    previous_value: float | None,
    calendar: ReportingCalendar,
) -> Entry:
    """The entry made consistent (a ratio's value computed from its parts) or a ValidationError by field."""
    errors: dict[str, list[str]] = {}
    value, numerator, denominator = entry.value, entry.numerator, entry.denominator
    if indicator.aggregation == Aggregation.RATIO:
        if numerator is None:
            errors.setdefault("numerator", []).append(_("This indicator needs a numerator."))
        if denominator is None:
            errors.setdefault("denominator", []).append(_("This indicator needs a denominator."))
        elif denominator <= 0:
            errors.setdefault("denominator", []).append(_("The denominator must be above 0."))
        if numerator is not None and denominator is not None and denominator > 0:
            if indicator.multiplier == 100 and numerator > denominator:
                errors.setdefault("numerator", []).append(
                    _("For a percentage the numerator cannot exceed the denominator.")
                )
            elif value is not None and not ratio_agrees(value, numerator, denominator, indicator.multiplier):
                errors.setdefault("value", []).append(_("The value does not agree with numerator and denominator."))
            else:
                value = numerator / denominator * indicator.multiplier
    else:
        numerator = denominator = None
        if value is None:
            errors.setdefault("value", []).append(_("Enter a value."))
    if value is not None and "value" not in errors:
        if indicator.min_value is not None and value < indicator.min_value:
            errors.setdefault("value", []).append(
                _("The value must not be below %(min)s.") % {"min": f"{indicator.min_value:g}"}
            )
        if indicator.max_value is not None and value > indicator.max_value:
            errors.setdefault("value", []).append(
                _("The value must not be above %(max)s.") % {"max": f"{indicator.max_value:g}"}
            )
    if entry.evidence_url and not entry.evidence_url.startswith(("http://", "https://")):
        errors.setdefault("evidence_url", []).append(_("Enter a web address starting with http:// or https://."))
    if not errors and value is not None and is_jump(value, previous_value, calendar.jump_factor):
        if not (entry.confirm_jump and entry.note.strip()):
            errors.setdefault("confirm_jump", []).append(
                _(
                    "The value is more than %(factor)s times different from the previous period (%(previous)s). "
                    "If it is right, confirm it and explain it in the note."
                )
                % {"factor": f"{calendar.jump_factor:g}", "previous": f"{previous_value:g}"}
            )
    if errors:
        raise ValidationError(errors)
    return Entry(value, numerator, denominator, entry.note.strip(), entry.evidence_url.strip(), entry.confirm_jump)


def previous_value(indicator: Indicator, org: OrgUnit, period: Period) -> float | None:
    before = previous_period(period)
    if before is None:
        return None
    return (
        Result.objects.filter(indicator=indicator, org=org, period=before.code).values_list("value", flat=True).first()
    )

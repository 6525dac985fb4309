"""The result rules of :mod:`govkpi.core.results` for Django callers: messages in the user's language, indicators as
rule inputs, and one check of a whole result that the entry page, the reporter sheet, the API and the admin call.

The workbook loader uses the same core functions row by row (``govkpi.workbook.checks.results``) and the same
:data:`MESSAGES`, so a problem reads the same whichever way the row came in; only the location differs (a sheet
cell there, a form or JSON field here).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext, gettext_noop

from govkpi.core.periods import Period, PeriodError
from govkpi.core.results import (
    Entered,
    IndicatorRules,
    Problem,
    check_assigned,
    check_entered,
    check_period,
    overlapping,
)
from govkpi.core.thai import BE_OFFSET
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator

MESSAGES: dict[str, str] = {
    "bad_period": gettext_noop("“%(value)s” is not a period (use 2565, 2565-H1, 2565-Q1…Q4, 2565-M01…M12)"),
    "period_index": gettext_noop(
        "there is no period %(value)s (use %(year)s, %(year)s-H1, %(year)s-Q1…Q4, %(year)s-M01…M12)"
    ),
    "ce_period": gettext_noop("%(value)s has a Christian-era year; periods use the Buddhist-Era fiscal year (%(be)s)"),
    "year_out_of_range": gettext_noop(
        "%(value)s is outside the fiscal years results may have (%(first)s to %(last)s)"
    ),
    "not_number": gettext_noop("“%(value)s” is not a number"),
    "not_finite": gettext_noop("“%(value)s” is not a finite number"),
    "too_large": gettext_noop("%(value)s is too large: numbers must lie between −%(max)s and %(max)s"),
    "unstorable_text": gettext_noop("the text holds a character that cannot be stored (a NUL or a broken character)"),
    "too_long": gettext_noop("the text is longer than %(max)s characters"),
    "bad_url": gettext_noop("“%(value)s” is not a web address starting with http:// or https://"),
    "bad_choice": gettext_noop("“%(value)s” is not allowed; use one of: %(allowed)s"),
    "value_required": gettext_noop("a value is required"),
    "parts_not_ratio": gettext_noop(
        "numerator and denominator are only for ratio indicators; give the value alone"
    ),
    "ratio_parts": gettext_noop("a result of a ratio indicator needs both numerator and denominator"),
    "zero_denominator": gettext_noop("the denominator is 0"),
    "negative_denominator": gettext_noop("the denominator must be above 0, not %(value)s"),
    "negative_numerator": gettext_noop("the numerator must not be negative (%(value)s)"),
    "share_above_whole": gettext_noop(
        "for a percentage the numerator (%(numerator)s) cannot exceed the denominator (%(denominator)s)"
    ),
    "ratio_disagrees": gettext_noop(
        "the value %(value)s does not agree with numerator / denominator × %(multiplier)s = %(expected)s"
    ),
    "below_min": gettext_noop("the value %(value)s is below the indicator's lowest allowed value, %(min)s"),
    "above_max": gettext_noop("the value %(value)s is above the indicator's highest allowed value, %(max)s"),
    "not_assigned": gettext_noop(
        "organisation %(org)s does not report indicator %(indicator)s (it is not among the indicator's "
        "responsible organisations)"
    ),
    "period_locked": gettext_noop(
        "period %(period)s closed for entry after %(date)s; to enter or change it, ask an approver of the "
        "organisation or the province administrator to unlock it (page “Reporting calendar”)"
    ),
    "overlap_file": gettext_noop(
        "period %(period)s overlaps period %(other)s in row %(other_row)s for the same indicator and organisation"
    ),
    "overlap_db": gettext_noop(
        "period %(period)s overlaps period %(other)s already in the database for the same indicator and "
        "organisation"
    ),
}

_PERIOD_CODES = {"invalid_period": "bad_period", "invalid_index": "period_index", "ce_year": "ce_period",
                 "year_out_of_range": "year_out_of_range", "invalid_year": "bad_period"}


def message(problem: Problem) -> str:
    """The problem in the active language."""
    return gettext(MESSAGES[problem.code]) % dict(problem.params)


def period_problem(error: PeriodError, text: str) -> Problem:
    """A period code's error as a result problem (column ``period``)."""
    code = _PERIOD_CODES.get(error.code, "bad_period")
    params: dict[str, object] = {"value": text}
    if code == "period_index":
        params["year"] = text.strip()[:4]
    elif code == "ce_period":
        year = int(str(error.params.get("year", 0)))
        params["be"] = text.strip().replace(str(year), str(year + BE_OFFSET), 1) if year > 1000 else "2565"
    elif code == "year_out_of_range":
        params.update(first=error.params["first"], last=error.params["last"])
    return Problem(code, "period", params)


def parse(text: str) -> tuple[Period | None, Problem | None]:
    """A period code from a user: (the period, None) or (None, the problem)."""
    try:
        return check_period(text), None
    except PeriodError as error:
        return None, period_problem(error, str(text))


def indicator_rules(indicator: Indicator) -> IndicatorRules:
    return IndicatorRules(indicator.aggregation, indicator.multiplier, indicator.min_value, indicator.max_value)


def named_sql() -> str:
    """A scalar subquery (parameters: the indicator's id, the organisation's id) of the one code `check_assigned`
    needs of the organisations the indicator names as reporting it: the organisation's own when it is named, else
    any one's, else NULL (nobody named: anyone may report it). One row at most, however many are named."""
    named = Indicator.responsible.through
    table, orgs = (connection.ops.quote_name(model._meta.db_table) for model in (named, OrgUnit))
    return (f"(SELECT o.code FROM {table} AS r JOIN {orgs} AS o ON o.id = r.orgunit_id "
            f"WHERE r.indicator_id = %s ORDER BY r.orgunit_id <> %s LIMIT 1)")  # fmt: skip


def named_codes(code: str | None) -> frozenset[str]:
    """What `check_assigned` takes, from the code :func:`named_sql` read."""
    return frozenset(() if code is None else (code,))


def responsible_codes(indicator: Indicator, org: OrgUnit) -> frozenset[str]:
    """Of the organisations the indicator names as reporting it, what `check_assigned` needs to decide for ``org``
    (:func:`named_sql`)."""
    with connection.cursor() as cursor:  # table names are ours
        cursor.execute(f"SELECT {named_sql()}", [indicator.pk, org.pk])
        return named_codes(cursor.fetchone()[0])


@dataclass(frozen=True)
class Checked:
    """A result that passed every rule: its period and its values made consistent."""

    period: Period
    entered: Entered


def check_result(
    indicator: Indicator, org: OrgUnit, period_text: str, entered: Entered, *, other_periods: Iterable[str] = (),
    responsible: Collection[str] | None = None,
) -> tuple[Checked | None, list[Problem]]:
    """Every rule of one result coming from a person (entry page, reporter sheet, API, admin). ``other_periods``
    are the codes of the indicator's other results for the organisation (any status); ``responsible`` what
    :func:`responsible_codes` says, when the caller has read it already (`around`)."""
    period, problem = parse(period_text)
    problems = [problem] if problem is not None else []
    if responsible is None:
        responsible = responsible_codes(indicator, org)
    assigned = check_assigned(org.code, indicator.code, responsible)
    if assigned is not None:
        problems.append(assigned)
    clean, found = check_entered(entered, indicator_rules(indicator))
    problems += found
    if period is not None:
        others = []
        for code in other_periods:
            other, bad = parse(code)
            if other is not None and bad is None:
                others.append(other)
        clash = overlapping(period, others)
        if clash is not None:
            problems.append(Problem("overlap_db", "period", {"period": period.code, "other": clash.code}))
    if problems or period is None:
        return None, problems
    return Checked(period, clean), []


def validation_error(problems: Iterable[Problem]) -> ValidationError:
    """Problems as a Django ValidationError keyed by field, each message in the active language."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(message(problem))
    return ValidationError(errors)

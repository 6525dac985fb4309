"""What a valid result is: the one rule set for every way a result comes in.

The entry page, the reporter's Excel sheet, the API, the workbook loader, the admin and ``govkpi check-data`` all
call these functions, so the same row is accepted or refused everywhere, for the same reason. Each problem is a
:class:`Problem` — a stable ``code``, the ``field`` (workbook column) it concerns and the ``params`` of its
message; the Django layers render it in Thai or English (``govkpi.results.rules``).

The rules (workbook.md, scoring.md §1, and the bounds chosen here):

* **Period**: a period code (``2565``, ``2565-H1``, ``2565-Q1``, ``2565-M01``) of a fiscal year from
  :data:`FIRST_FISCAL_YEAR` to :data:`LAST_FISCAL_YEAR` (BE 2500–2700, CE 1957–2157): older figures are not
  performance data and later ones are typing mistakes such as ``9999-Q1``. Any kind of period is accepted whatever
  the indicator's ``period_type`` (it only sets when results fall due; a whole-year figure is always accepted).
* **Overlap**: no two sub-periods of one indicator and organisation share a month; a whole-year result may stand
  beside sub-period results (:func:`overlapping`).
* **Assignment**: where an indicator names the organisations that report it (``responsible``), only those may
  carry its results (:func:`check_assigned`).
* **Numbers**: finite, and within ±:data:`MAX_MAGNITUDE` (10¹⁵: above any budget in baht, exactly representable
  as a float with room to sum a million of them, formatted, stored by PostgreSQL and written as JSON safely).
* **Ratio** indicators need numerator and denominator; the denominator is above 0; a value given beside them
  agrees with numerator ÷ denominator × multiplier to 0.01; without an explicit lowest value on the indicator the
  numerator is not negative, and a percentage (multiplier 100) without an explicit highest value cannot exceed
  100 (the numerator is part of the denominator). Other indicators need a value and take no numerator or
  denominator.
* **Range**: the value lies within the indicator's ``min``/``max`` where given.
* **Text**: a note of at most :data:`MAX_NOTE` characters, an ``http(s)://`` evidence link of at most
  :data:`MAX_URL`; neither holds NUL or unpaired surrogates (which no database stores or encoder writes).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from govkpi.core.combine import Aggregation
from govkpi.core.periods import Period, PeriodError, parse_period

__all__ = [
    "FIRST_FISCAL_YEAR",
    "LAST_FISCAL_YEAR",
    "MAX_MAGNITUDE",
    "MAX_NOTE",
    "MAX_URL",
    "STATUSES",
    "Entered",
    "IndicatorRules",
    "Problem",
    "check_assigned",
    "check_entered",
    "check_number",
    "check_period",
    "check_status",
    "check_text",
    "check_url",
    "unstorable",
    "month_mask",
    "overlapping",
]

FIRST_FISCAL_YEAR = 2500
LAST_FISCAL_YEAR = 2700
MAX_MAGNITUDE = 1e15
MAX_NOTE = 4000
MAX_URL = 1000
RATIO_TOLERANCE = 0.01
STATUSES = ("draft", "submitted", "returned", "approved")

_URL_RE = re.compile(
    r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?|https?://localhost(?::[0-9]+)?(?:[/?#]\S*)?", re.IGNORECASE
)
_UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class Problem:
    """One rule a result breaks: a message code, the field (workbook column) and the message's parameters."""

    code: str
    field: str
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorRules:
    """What the rules need to know of an indicator."""

    aggregation: str
    multiplier: float = 100
    min_value: float | None = None
    max_value: float | None = None

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == Aggregation.RATIO


@dataclass(frozen=True)
class Entered:
    """A result as entered, numbers already parsed (empty → None)."""

    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    evidence_url: str = ""


def show(number: float) -> str:
    """A number for a message: integral values without ``.0``, others as short as exact."""
    number = float(number)
    if math.isfinite(number) and number.is_integer() and abs(number) < 1e16:
        return str(int(number))
    return repr(number)


# --- periods ------------------------------------------------------------------------------------------------------


def check_period(text: object) -> Period:
    """The period of a code, within the fiscal-year window; a :class:`PeriodError` otherwise — ``invalid_period``,
    ``invalid_index``, ``ce_year`` (from :func:`parse_period`) or ``year_out_of_range`` (params ``value``,
    ``first``, ``last``)."""
    if not isinstance(text, str):
        raise PeriodError("invalid_period", f"{text!r} is not a period code", {"value": str(text)})
    period = parse_period(text)
    if not FIRST_FISCAL_YEAR <= period.fiscal_year <= LAST_FISCAL_YEAR:
        raise PeriodError(
            "year_out_of_range",
            f"fiscal year {period.fiscal_year} is outside {FIRST_FISCAL_YEAR}–{LAST_FISCAL_YEAR}",
            {"value": text.strip(), "first": FIRST_FISCAL_YEAR, "last": LAST_FISCAL_YEAR},
        )
    return period


def month_mask(period: Period) -> int:
    """The months of its fiscal year that a period covers, as bits; 0 for the whole year (it may stand beside)."""
    if period.is_whole_year:
        return 0
    return ((1 << period.months) - 1) << (period.index - 1) * period.months


def overlapping(period: Period, others: Iterable[Period]) -> Period | None:
    """The first of ``others`` (another period of the same indicator and organisation) that shares a month with
    ``period``; None when there is none. The same code is not an overlap (it is the same result); a whole year
    overlaps nothing (scoring.md §1)."""
    mask = month_mask(period)
    if not mask:
        return None
    for other in others:
        if other.fiscal_year == period.fiscal_year and other != period and month_mask(other) & mask:
            return other
    return None


# --- numbers and text ---------------------------------------------------------------------------------------------


def check_number(value: float | None, name: str) -> Problem | None:
    """A finite number within ±MAX_MAGNITUDE (None passes: emptiness is the caller's rule)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return Problem("not_finite", name, {"value": str(value)})
    if abs(value) > MAX_MAGNITUDE:
        return Problem("too_large", name, {"value": show(float(value)), "max": "1,000,000,000,000,000"})
    return None


def unstorable(value: object) -> bool:
    """Whether text anywhere in a value (strings, and the keys and items of dicts and lists) holds what no database
    stores or encoder writes: NUL (PostgreSQL refuses it) or half of a surrogate pair (not UTF-8 at all)."""
    if isinstance(value, str):
        return _UNSTORABLE_RE.search(value) is not None
    if isinstance(value, dict):
        return any(unstorable(key) or unstorable(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(unstorable(item) for item in value)
    return False


def check_text(text: str, name: str, max_length: int) -> Problem | None:
    """Text a database stores and every encoder writes: no NUL, no unpaired surrogate, at most ``max_length``."""
    if unstorable(text):
        return Problem("unstorable_text", name)
    if len(text) > max_length:
        return Problem("too_long", name, {"max": max_length})
    return None


def check_url(link: str, name: str) -> Problem | None:
    """An ``http(s)://`` web address of at most MAX_URL characters."""
    problem = check_text(link, name, MAX_URL)
    if problem is None and not _URL_RE.fullmatch(link):
        problem = Problem("bad_url", name, {"value": link})
    return problem


def check_status(status: object) -> Problem | None:
    if status not in STATUSES:
        return Problem("bad_choice", "status", {"value": str(status), "allowed": ", ".join(STATUSES)})
    return None


# --- a result's own cells -----------------------------------------------------------------------------------------


def check_entered(entered: Entered, rules: IndicatorRules) -> tuple[Entered, list[Problem]]:
    """A result's values checked against its indicator: the result made consistent (a ratio's value, when not
    given, computed from its parts; text stripped) and the problems."""
    problems: list[Problem] = []
    for name in ("value", "numerator", "denominator"):
        problem = check_number(getattr(entered, name), name)
        if problem is not None:
            problems.append(problem)
    note, link = entered.note.strip(), entered.evidence_url.strip()
    text_problem = check_text(note, "note", MAX_NOTE)
    if text_problem is not None:
        problems.append(text_problem)
    if link:
        link_problem = check_url(link, "evidence_url")
        if link_problem is not None:
            problems.append(link_problem)
    clean = replace(entered, note=note, evidence_url=link)
    if any(p.field in ("value", "numerator", "denominator") for p in problems):
        return clean, problems
    value = _ratio_value(clean, rules, problems) if rules.is_ratio else _plain_value(clean, problems)
    if value is None:
        return clean, problems
    column = "value" if clean.value is not None or not rules.is_ratio else "numerator"
    problem = check_number(value, column) or _in_range(value, column, rules)
    if problem is not None:
        problems.append(problem)
    return replace(clean, value=value), problems


def _plain_value(entered: Entered, problems: list[Problem]) -> float | None:
    if entered.numerator is not None or entered.denominator is not None:
        name = "numerator" if entered.numerator is not None else "denominator"
        problems.append(Problem("parts_not_ratio", name))
        return None
    if entered.value is None:
        problems.append(Problem("value_required", "value"))
    return entered.value


def _ratio_value(entered: Entered, rules: IndicatorRules, problems: list[Problem]) -> float | None:
    value, numerator, denominator = entered.value, entered.numerator, entered.denominator
    if numerator is None or denominator is None:
        problems.append(Problem("ratio_parts", "numerator" if numerator is None else "denominator"))
        return None
    if denominator == 0:
        problems.append(Problem("zero_denominator", "denominator"))
        return None
    if denominator < 0:
        problems.append(Problem("negative_denominator", "denominator", {"value": show(denominator)}))
        return None
    if numerator < 0 and rules.min_value is None:
        problems.append(Problem("negative_numerator", "numerator", {"value": show(numerator)}))
        return None
    if numerator > denominator and rules.multiplier == 100 and rules.max_value is None:
        problems.append(Problem("share_above_whole", "numerator",
                                {"numerator": show(numerator), "denominator": show(denominator)}))
        return None
    computed = numerator / denominator * rules.multiplier
    if value is not None and not abs(value - computed) <= RATIO_TOLERANCE + 1e-9:
        problems.append(Problem("ratio_disagrees", "value", {
            "value": show(value), "multiplier": show(rules.multiplier), "expected": f"{computed:.4g}"}))
        return None
    return computed if value is None else value


def _in_range(value: float, column: str, rules: IndicatorRules) -> Problem | None:
    if rules.min_value is not None and value < rules.min_value:
        return Problem("below_min", column, {"value": show(value), "min": show(rules.min_value)})
    if rules.max_value is not None and value > rules.max_value:
        return Problem("above_max", column, {"value": show(value), "max": show(rules.max_value)})
    return None


# --- between rows -------------------------------------------------------------------------------------------------


def check_assigned(org: str, indicator: str, responsible: Collection[str]) -> Problem | None:
    """Where an indicator names the organisations that report it, only those carry its results."""
    if responsible and org not in responsible:
        return Problem("not_assigned", "org", {"org": org, "indicator": indicator})
    return None

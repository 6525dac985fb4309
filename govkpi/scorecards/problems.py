"""Data problems said to people: why a scorecard leaves an indicator without a value, in Thai or English.

A problem is a code of :mod:`govkpi.core.results` (a rule a stored row breaks; the messages every entry point
uses) or of :mod:`govkpi.core.scoring` (results that cannot be combined), with its parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext, gettext_noop

from govkpi.results.rules import MESSAGES as RESULT_MESSAGES

SCORING_MESSAGES = {
    "overlapping_periods": gettext_noop("results for overlapping periods %(first)s and %(second)s"),
    "ratio_parts_missing": gettext_noop("a ratio result without numerator and denominator (%(period)s)"),
    "ratio_disagrees": gettext_noop("a value that does not agree with its numerator and denominator (%(period)s)"),
    "zero_denominator": gettext_noop("a denominator of 0 (%(period)s)"),
    "mixed_fiscal_years": gettext_noop("results of several fiscal years combined"),
    "thresholds_not_monotonic": gettext_noop("the criteria's thresholds are out of order"),
    "thresholds_count": gettext_noop("the criteria do not have five thresholds"),
    "invalid_number": gettext_noop("the criteria hold a number that cannot be used (%(field)s)"),
    "invalid_policy": gettext_noop("the year's scoring policy cannot be used (%(field)s); the defaults apply"),
}
IN_CHILD = gettext_noop("in an organisation below: %(reason)s")
UNKNOWN = gettext_noop("the stored data break a rule (%(code)s)")


class _Lenient(dict[str, Any]):
    """Formatting parameters where a missing one reads as “?” instead of failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def describe(problem: Mapping[str, Any]) -> str:
    """A problem (``{"code", "params"}``, as a scorecard carries it) as one sentence in the active language."""
    code = str(problem.get("code", ""))
    params = _Lenient(problem.get("params") or {})
    params.setdefault("code", code)
    template = SCORING_MESSAGES.get(code) or RESULT_MESSAGES.get(code) or UNKNOWN
    text = gettext(template) % params
    period = params.get("period")
    if code in RESULT_MESSAGES and period and period not in text:
        text = f"{period}: {text}"
    if problem.get("where") == "children":
        text = gettext(IN_CHILD) % {"reason": text}
    return text

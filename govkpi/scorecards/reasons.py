"""Why a scorecard row has no value — said once, for the organisation, indicator and goal pages alike.

An (organisation, indicator) pair of a fiscal year without a value is, in this order:

``data_problem``
    a stored result breaks a rule (the row carries ``problem``; `govkpi.scorecards.problems` says which);
``no_criteria``
    the indicator has no criteria for this organisation in the year, so it is not on its scorecard;
``not_assigned``
    the indicator names the organisations that report it (``responsible``) and neither this organisation nor any
    unit below it is one of them — an empty list means anyone may report;
``not_due``
    the first period of the indicator (its ``period_type``) has not yet fallen due: period end plus the year's
    grace days (`govkpi.results.due.due_date`), not yet passed on ``today``;
``not_reported``
    due, but no approved result (none entered, or still waiting for approval).

`Reasons(data, today)` costs two queries (the responsible organisations of the year's indicators and the year's
reporting calendar), whatever the number of rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from govkpi.core.periods import PeriodKind, periods_of
from govkpi.plans.models import Indicator
from govkpi.results.due import due_date
from govkpi.results.models import ReportingCalendar

from .loading import YearData

DATA_PROBLEM = "data_problem"
NO_CRITERIA = "no_criteria"
NOT_ASSIGNED = "not_assigned"
NOT_DUE = "not_due"
NOT_REPORTED = "not_reported"
REPORTED = "reported"  # the row has a value: no reason needed
ORDER = (REPORTED, NOT_DUE, NOT_REPORTED, DATA_PROBLEM, NO_CRITERIA, NOT_ASSIGNED)


@dataclass(frozen=True)
class Reason:
    code: str
    due: date | None = None  # when the first report falls (or fell) due: not_due, not_reported


class Reasons:
    """``Reasons(data, today).why(org_id, indicator_id)`` → the :class:`Reason` a pair without value has."""

    def __init__(self, data: YearData, today: date) -> None:
        self.data = data
        self.today = today
        self.responsible: dict[int, set[int]] = {}
        links = Indicator.responsible.through.objects.filter(indicator_id__in=list(data.indicators)).order_by()
        for indicator_id, org_id in links.values_list("indicator_id", "orgunit_id"):
            self.responsible.setdefault(indicator_id, set()).add(org_id)
        self.calendar = ReportingCalendar.for_year(data.fiscal_year)
        self._first_due: dict[str, date] = {}

    def assigned(self, org_id: int, indicator_id: int) -> bool:
        """The organisation, or a unit below it, reports the indicator (or the indicator names no one)."""
        responsible = self.responsible.get(indicator_id)
        if not responsible:
            return True
        orgs = self.data.orgs
        path = orgs[org_id].path if org_id in orgs else None
        if path is None:
            return org_id in responsible
        return any(r in orgs and orgs[r].path.startswith(path) for r in responsible)

    def first_due(self, indicator_id: int) -> date:
        """When the indicator's first period of the year falls due (period end + grace days)."""
        kind = self.data.indicators[indicator_id].period_type
        if kind not in self._first_due:
            first = periods_of(self.data.fiscal_year, PeriodKind(kind))[0]
            self._first_due[kind] = due_date(first, self.calendar)
        return self._first_due[kind]

    def why(self, org_id: int, indicator_id: int, *, problem: bool = False) -> Reason:
        """The reason a pair has no value (call it for pairs without one)."""
        if problem:
            return Reason(DATA_PROBLEM)
        if indicator_id not in self.data.criteria_for(org_id):
            return Reason(NO_CRITERIA)
        if not self.assigned(org_id, indicator_id):
            return Reason(NOT_ASSIGNED)
        due = self.first_due(indicator_id)
        return Reason(NOT_DUE if self.today <= due else NOT_REPORTED, due)

    def mark(self, org_id: int, rows: Iterable[MutableMapping[str, Any]]) -> None:
        """Give each scorecard row a ``reason`` (a :class:`Reason`; ``reported`` when it has a value)."""
        ids = {indicator.code: pk for pk, indicator in self.data.indicators.items()}
        for row in rows:
            if row.get("value") is not None and not row.get("problem"):
                row["reason"] = Reason(REPORTED)
            elif row.get("problem") or row["code"] not in ids:
                row["reason"] = Reason(DATA_PROBLEM)
            else:
                row["reason"] = self.why(org_id, ids[row["code"]])


def counts(rows: Iterable[MutableMapping[str, Any]]) -> list[tuple[str, int]]:
    """(reason code, number of rows) for the marked rows, in the order of :data:`ORDER`, zero counts left out."""
    found = Counter(row["reason"].code for row in rows)
    return [(code, found[code]) for code in ORDER if found[code]]

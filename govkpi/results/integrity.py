"""Every stored row that the rules now refuse: results (each rule of :mod:`govkpi.core.results`, overlaps and
assignments), criteria (thresholds, weights) and scoring policies.

Rows get into the database only through the actions, which apply the rules; but an older version, SQL, or a
restore may have put others there. Pages never fail on them (the scorecard flags the indicator); this finds them
all, for ``govkpi check-data`` and the executive page. Results are streamed in key order, so memory stays small
whatever the size of the table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from govkpi.core.periods import Period, PeriodError
from govkpi.core.results import (
    Entered,
    IndicatorRules,
    Problem,
    check_assigned,
    check_entered,
    check_period,
    check_status,
    overlapping,
)
from govkpi.core.scoring import Direction, ScoringError, check_thresholds
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Criterion, Indicator, ScoringPolicy
from govkpi.scorecards.problems import describe

from .models import Result
from .rules import message, period_problem

CHUNK = 20_000


@dataclass(frozen=True)
class DataProblem:
    """One stored row and one rule it breaks."""

    table: str
    org: str
    indicator: str
    period: str
    problem: Problem
    pk: int | None = None
    status: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def reason(self) -> str:
        """What is wrong, in the active language."""
        if self.table != "results":
            return describe({"code": self.problem.code, "params": dict(self.problem.params)})
        return message(self.problem)

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "id": self.pk, "org": self.org, "indicator": self.indicator,
                "period": self.period, "status": self.status, "code": self.problem.code,
                "column": self.problem.field, "reason": self.reason()}


def find_problems(limit: int | None = None) -> Iterator[DataProblem]:
    """Each problem, results first (by indicator, organisation, period), then criteria, then policies."""
    count = 0
    for found in (*_results(), *_criteria(), *_policies()):
        yield found
        count += 1
        if limit is not None and count >= limit:
            return


def _results() -> Iterator[DataProblem]:
    indicators = {pk: (code, IndicatorRules(aggregation, multiplier, low, high)) for pk, code, aggregation,
                  multiplier, low, high in Indicator.objects.values_list("id", "code", "aggregation", "multiplier",
                                                                          "min_value", "max_value")}
    orgs = dict(OrgUnit.objects.values_list("id", "code"))
    responsible: dict[int, set[str]] = {}
    for indicator_id, org_id in Indicator.responsible.through.objects.values_list("indicator_id", "orgunit_id"):
        responsible.setdefault(indicator_id, set()).add(orgs[org_id])
    rows = Result.objects.order_by("indicator_id", "org_id", "period").values_list(
        "id", "indicator_id", "org_id", "period", "value", "numerator", "denominator", "note", "evidence_url", "status"
    )
    group: tuple[int, int] | None = None
    seen: list[tuple[Period, int, str]] = []  # the group's periods so far, with their row's id and status
    named: set[int] = set()  # rows already named for an overlap
    for pk, indicator_id, org_id, code, value, numerator, denominator, note, url, status in rows.iterator(CHUNK):
        indicator_code, rules = indicators[indicator_id]
        org = orgs[org_id]

        def problem_of(found: Problem, code: str = code, pk: int = pk, status: str = status,
                       indicator_code: str = indicator_code, org: str = org) -> DataProblem:
            return DataProblem("results", org, indicator_code, code, found, pk, status)

        if (indicator_id, org_id) != group:
            group, seen, named = (indicator_id, org_id), [], set()
        try:
            period: Period | None = check_period(code)
        except PeriodError as error:
            period = None
            yield problem_of(period_problem(error, code))
        _, problems = check_entered(Entered(value, numerator, denominator, note or "", url or ""), rules)
        status_problem = check_status(status)
        assigned = check_assigned(org, indicator_code, responsible.get(indicator_id, ()))
        for problem in [*problems, status_problem, assigned]:
            if problem is not None:
                yield problem_of(problem)
        if period is not None:
            clash = overlapping(period, [other for other, _, _ in seen])
            if clash is not None:  # name the row written later: the earlier ones were there first
                other_pk, other_status = next((pk_, st) for p, pk_, st in seen if p == clash)
                if pk > other_pk and pk not in named:
                    named.add(pk)
                    yield problem_of(Problem("overlap_db", "period", {"period": period.code, "other": clash.code}))
                elif pk < other_pk and other_pk not in named:
                    named.add(other_pk)
                    yield DataProblem("results", org, indicator_code, clash.code, Problem(
                        "overlap_db", "period", {"period": clash.code, "other": period.code}), other_pk, other_status)
            seen.append((period, pk, status))


def _criteria() -> Iterator[DataProblem]:
    rows = Criterion.objects.select_related("indicator", "org").order_by("fiscal_year", "indicator__code", "org__code")
    for criterion in rows.iterator(CHUNK):
        try:
            if not criterion.weight > 0:
                raise ScoringError("invalid_number", "weight", {"field": "weight", "value": criterion.weight})
            check_thresholds(criterion.thresholds, Direction(criterion.indicator.direction))
        except (ScoringError, ValueError) as error:
            code = error.code if isinstance(error, ScoringError) else "invalid_number"
            params = error.params if isinstance(error, ScoringError) else {"field": "level1"}
            column = str(params.get("field", "level1"))
            yield DataProblem("criteria", criterion.org.code if criterion.org else "", criterion.indicator.code,
                              str(criterion.fiscal_year), Problem(code, column, params), criterion.pk)


def _policies() -> Iterator[DataProblem]:
    for policy in ScoringPolicy.objects.order_by("fiscal_year"):
        try:
            policy.as_policy().validate()
        except ScoringError as error:
            yield DataProblem("scoring_policy", "", "", str(policy.fiscal_year),
                              Problem(error.code, str(error.params.get("field", "")), error.params), policy.pk)

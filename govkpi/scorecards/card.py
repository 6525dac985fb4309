"""The §7 scorecard of one organisation from a loaded year (:class:`Scorer`), for the scores computed from the
results (`services`) and those read from the score store (`incremental`) alike.

A scorecard never fails because of what the database holds. An indicator whose results cannot be used (a row
that breaks a rule, periods that overlap, a child with such a problem) is scored as having no value and carries
``problem`` — ``{"code", "params"}``, a code of :mod:`govkpi.core.results` or :mod:`govkpi.core.scoring`, which
``govkpi.scorecards.problems`` says in Thai or English. An indicator whose criteria no rule accepts is left out
of the scores and listed under ``left_out``. A policy no rule accepts is replaced by the defaults
(``policy_problem``).
"""

from __future__ import annotations

from typing import Any

from govkpi.core.combine import Combined
from govkpi.core.results import Problem
from govkpi.core.scoring import (
    Direction,
    IndicatorInput,
    Policy,
    ScoringError,
    check_finite,
    check_thresholds,
    score_card,
)
from govkpi.plans.models import Criterion

from .errors import ScorecardError
from .loading import YearData
from .rollup import Values


def problem_dict(problem: Problem) -> dict[str, Any]:
    """A problem as a scorecard carries it: JSON-safe; ``where`` is ``children`` when it lies below."""
    return {"code": problem.code, "where": problem.field,
            "params": {key: str(value) for key, value in problem.params.items()}}


def criteria_problem(criterion: Criterion, direction: str) -> Problem | None:
    """Why a criterion held in the database cannot score (thresholds out of order, a weight not above 0)."""
    try:
        if check_finite(criterion.weight, "weight") <= 0:
            raise ScoringError("invalid_number", "weight ≤ 0", {"field": "weight", "value": criterion.weight})
        check_thresholds(criterion.thresholds, Direction(direction))
    except (ScoringError, ValueError) as error:
        code = error.code if isinstance(error, ScoringError) else "invalid_number"
        params = error.params if isinstance(error, ScoringError) else {}
        return Problem(code, "criteria", params)
    return None


class Scorer:
    """The scorecards of one loaded year: ``Scorer(data).card(org_id)``, values memoised across organisations."""

    def __init__(self, data: YearData, memo: dict[tuple[int, int], Combined] | None = None) -> None:
        if not data.indicators:
            year = data.fiscal_year
            raise ScorecardError("no_criteria", f"no indicator has criteria for {year}", {"year": year})
        self.policy_problem: Problem | None = None
        try:
            data.policy.validate()
        except ScoringError as error:  # a policy row no rule accepts (SQL): the defaults, said openly
            self.policy_problem = Problem(error.code, "policy", error.params)
            data.policy = Policy()
        self.data = data
        self.values = Values(data, memo)
        self._goal_order = sorted(goal.code for goal in data.goals.values())

    def card(self, org_id: int) -> dict[str, Any]:
        data = self.data
        node = data.orgs[org_id]
        criteria = data.criteria_for(org_id)
        ordered = sorted(
            criteria.items(),
            key=lambda item: (data.goals[data.indicators[item[0]].goal_id].code, data.indicators[item[0]].code),
        )
        inputs = []
        problems: dict[int, Problem] = {}
        usable = []
        for indicator_id, criterion in ordered:
            indicator = data.indicators[indicator_id]
            problem = criteria_problem(criterion, indicator.direction)
            if problem is not None:  # criteria no rule accepts (SQL, an older version): flagged, left out
                problems[indicator_id] = problem
                continue
            combined = self.values.get(org_id, indicator_id)
            problem = self.values.problem(org_id, indicator_id)
            if problem is not None:
                problems[indicator_id] = problem
            usable.append((indicator_id, criterion))
            inputs.append(
                IndicatorInput(
                    code=indicator.code,
                    goal=data.goals[indicator.goal_id].code,
                    weight=criterion.weight,
                    direction=Direction(indicator.direction),
                    thresholds=criterion.thresholds,
                    combined=combined,
                )
            )
        body = score_card(inputs, data.policy, goal_order=self._goal_order)
        for row, (indicator_id, criterion) in zip(body["indicators"], usable, strict=True):
            indicator = data.indicators[indicator_id]
            if indicator_id in problems:
                row["problem"] = problem_dict(problems[indicator_id])
            row.update(
                name_th=indicator.name_th,
                name_en=indicator.name_en,
                unit=indicator.unit,
                target=criterion.target,
                thresholds=list(criterion.thresholds),
                criteria="all" if criterion.org_id is None else "org",
            )
        goals_by_code = {goal.code: goal for goal in data.goals.values()}
        for row in body["goals"]:
            goal = goals_by_code[row["code"]]
            row.update(title_th=goal.title_th, title_en=goal.title_en, note=str(goal.extra.get("x_note") or ""))
        card = {
            "fiscal_year": data.fiscal_year,
            "org": node.code,
            "org_name_th": node.name_th,
            "org_name_en": node.name_en,
            **body,
        }
        left_out = [
            {"code": data.indicators[indicator_id].code, "goal": data.goals[data.indicators[indicator_id].goal_id].code,
             "problem": problem_dict(problem)}
            for indicator_id, problem in problems.items() if indicator_id not in dict(usable)
        ]
        if self.policy_problem is not None:
            card["policy_problem"] = problem_dict(self.policy_problem)
        if left_out:
            card["left_out"] = left_out  # indicators whose criteria no rule accepts: not scored, named
        return card



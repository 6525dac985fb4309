"""Data problems on the public pages: where a scorecard leaves an indicator without a value because a stored row
breaks a rule, the page says why in place of the score (``govkpi.scorecards.problems.describe``).

A §7 card carries the problem of an indicator row as ``problem``, indicators whose criteria no rule accepts under
``left_out`` and a policy no rule accepts as ``policy_problem`` (`govkpi.scorecards.card`). These helpers turn them
into what the templates show (``dashboards/_problem.html``); no query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from govkpi.plans.models import Criterion, Indicator
from govkpi.scorecards.problems import describe

NO_DATA = "no_data"


def problem_text(row: Mapping[str, Any]) -> str:
    """The reason an indicator row (or a left-out entry) has no score, in the active language; "" without one."""
    problem = row.get("problem")
    return describe(problem) if problem else ""


def policy_text(card: Mapping[str, Any]) -> str:
    """Why the year's scoring policy was replaced by the defaults; "" when it was used."""
    problem = card.get("policy_problem")
    return describe(problem) if problem else ""


def left_out_rows(card: Mapping[str, Any], indicators: Iterable[Indicator],
                  criteria: Mapping[int, Criterion] | None = None) -> list[dict[str, Any]]:
    """The card's left-out indicators (criteria no rule accepts) as indicator rows without value or score."""
    by_code = {indicator.code: indicator for indicator in indicators}
    rows = []
    for item in card.get("left_out", ()):
        indicator = by_code.get(item["code"])
        criterion = (criteria or {}).get(indicator.pk) if indicator is not None else None
        rows.append({
            "code": item["code"],
            "goal": item["goal"],
            "weight": criterion.weight if criterion is not None else None,
            "value": None,
            "score": None,
            "status": NO_DATA,
            "source": None,
            "name_th": indicator.name_th if indicator is not None else "",
            "name_en": indicator.name_en if indicator is not None else "",
            "unit": indicator.unit if indicator is not None else "",
            "target": criterion.target if criterion is not None else None,
            "thresholds": list(criterion.thresholds) if criterion is not None else [],
            "problem": item["problem"],
            "left_out": True,
        })
    return rows


def by_goal(card: Mapping[str, Any]) -> dict[str, list[dict[str, str]]]:
    """goal code → the indicators of the goal with a data problem (``code``, ``text``), in card order."""
    found: dict[str, list[dict[str, str]]] = {}
    for row in [*card.get("indicators", ()), *card.get("left_out", ())]:
        if row.get("problem"):
            found.setdefault(row["goal"], []).append({"code": row["code"], "text": problem_text(row)})
    return found

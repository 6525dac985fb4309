"""The goal page: the province's value, target, thresholds, score, status, sparkline and projection of each of the
goal's indicators in one fiscal year.

`goal_page` runs 10 queries whatever the size of the tree: the years, the goal, the root organisation, the
year's data (4, see `govkpi.scorecards.loading`), why rows have no value (2, `govkpi.scorecards.reasons`) and the
published commentary on the goal and its indicators (`govkpi.strategy.commentary`).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from govkpi.plans.models import Goal
from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.labels import reason_label, status_label
from govkpi.scorecards.loading import load_year
from govkpi.scorecards.reasons import Reasons
from govkpi.scorecards.services import Scorer, fiscal_years, root_org
from govkpi.strategy import commentary

from .explain import legend
from .home import NotFound, choose_year, pick
from .numbers import is_finite
from .problems import left_out_rows, policy_text, problem_text
from .series import Point, period_series, progress, projection
from .words import DIRECTION_HINTS, progress_label


def sparkline(
    points: list[Point], aggregation: str = "mean", target: float | None = None, width: int = 120, height: int = 32
) -> dict[str, Any] | None:
    """A small chart of the values drawn as on the indicator's chart (`Point.shown`), on a scale from a zero
    baseline (never from the lowest value, which would magnify small changes), with the target when there is one;
    one point is a dot. None without a point. Coordinates are SVG user units."""
    values = [p.shown(aggregation) for p in points if is_finite(p.shown(aggregation))]
    if not values:
        return None
    top = max([*values, 0.0, *([target] if is_finite(target) else [])])
    bottom = min([*values, 0.0])
    span = (top - bottom) or 1.0
    if not is_finite(span):
        return None

    def y(value: float) -> float:
        return round(height - 2 - (value - bottom) / span * (height - 4), 1)

    step = width / (len(values) - 1) if len(values) > 1 else 0.0
    coordinates = [(round(i * step, 1) if len(values) > 1 else width / 2, y(v)) for i, v in enumerate(values)]
    return {
        "width": width,
        "height": height,
        "line": " ".join(f"{x},{yy}" for x, yy in coordinates),
        "dot": coordinates[-1],
        "baseline": y(0.0) if bottom <= 0 <= top else y(bottom),
        "target": y(target) if is_finite(target) else None,  # type: ignore[arg-type]
        "values": values,
    }


def indicator_rows(
    scorer: Scorer, org_id: int, card: dict[str, Any], goal_code: str | None, reasons: Reasons | None = None
) -> list[dict[str, Any]]:
    """The card's indicators (of one goal, or all) with sparkline, projection and SDG-style progress; those left
    out of the scores (criteria no rule accepts) too, each with its data problem (``problem_text``); rows without
    a value say why (``reason_text``, `govkpi.scorecards.reasons`)."""
    data = scorer.data
    by_code = {indicator.code: indicator for indicator in data.indicators.values()}
    criteria = data.criteria_for(org_id)
    every = sorted([*card["indicators"], *left_out_rows(card, data.indicators.values(), criteria)],
                   key=lambda row: (row["goal"], row["code"]))
    chosen = [row for row in every if (goal_code is None or row["goal"] == goal_code) and row["code"] in by_code]
    series = period_series(data, org_id, [by_code[row["code"]].pk for row in chosen])
    chosen = [dict(row) for row in chosen]
    (reasons or Reasons(data, timezone.localdate())).mark(org_id, chosen)
    rows = []
    for row in chosen:
        indicator = by_code[row["code"]]
        criterion = criteria[indicator.pk]
        points = series[indicator.pk]
        usable = not row.get("left_out")  # criteria out of order project and progress nowhere
        progress_status = progress(row["value"], indicator, criterion, data.fiscal_year) if usable else None
        rows.append(
            {
                **row,
                "name": pick(row, "name"),
                "status_label": status_label(row["status"]),
                "problem_text": problem_text(row),
                "reason_text": reason_label(row["reason"]),
                "direction": DIRECTION_HINTS[indicator.direction],
                "aggregation": indicator.aggregation,
                "points": points,
                "sparkline": sparkline(points, indicator.aggregation, criterion.target),
                "projection": projection(points, indicator, criterion, data.fiscal_year) if usable else None,
                "progress": progress_status,
                "progress_label": progress_label(progress_status),
            }
        )
    return rows


def goal_page(code: str, requested_year: str | None) -> dict[str, Any]:
    years = fiscal_years()
    if not years:
        raise NotFound("no fiscal year has criteria")
    year = choose_year(requested_year, years)
    goal = Goal.objects.filter(code=code).first()
    if goal is None:
        raise NotFound(f"no goal {code}")
    try:
        province = root_org()
    except ScorecardError as error:
        raise NotFound(error.message) from error
    scorer = Scorer(load_year(year, root=province))
    card = scorer.card(province.pk)
    row = next((g for g in card["goals"] if g["code"] == goal.code), None)
    if row is None and any(item["goal"] == goal.code for item in card.get("left_out", ())):
        row = {"code": goal.code, "score": None, "coverage": None, "status": "no_data"}  # every criterion broken
    if row is None:
        raise NotFound(f"goal {code} has no indicator with criteria in {year}")
    return {
        "share_title": f"{goal.code} {goal.title}",
        "years": years,
        "year": year,
        "province": province,
        "province_name": pick(card, "org_name"),
        "goal": goal,
        "summary": {**row, "status_label": status_label(row["status"])},
        "policy_problem": policy_text(card),
        "legend": legend(card.get("policy")),
        "explain_org": province.code,
        "indicators": indicator_rows(scorer, province.pk, card, goal.code),
        "commentary": commentary.for_goal(goal.pk, year),  # its indicators' too; approved periods only
    }

"""What the scores mean and how one was made.

* :func:`legend`: the compact legend shown beside every score (``dashboards/_score_legend.html``): levels 1–5, level 3
  is the target, the year's status bands, floor, interpolation and missing rule, coverage, overall = weighted mean of
  indicators. Built from the card's ``policy`` (the year's scoring policy), never from constants.
* :func:`explain_page`: "how was this calculated?" for one organisation and year (``/orgs/<code>/<year>/explain/``):
  every indicator's value, thresholds, level, weight, weight share and contribution to the overall score, and the same
  for each goal. Everything comes from ``score_org``'s card; the contributions only split its weighted mean
  (weight × score / the divisor the policy names), so they add up to the overall score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from govkpi.scorecards.labels import source_label, status_label
from govkpi.scorecards.services import fiscal_years, score_org

from .cache import cached_page
from .home import NotFound, pick
from .numbers import show_number
from .problems import left_out_rows, problem_text


def _score(value: float) -> str:
    return show_number(value, 2)


def legend(policy: Mapping[str, Any] | None) -> dict[str, Any]:
    """The words of the score legend under the year's policy (``card["policy"]``, §7)."""
    policy = policy or {}
    achieved = float(policy.get("achieved_from", 3.0))
    at_risk = float(policy.get("at_risk_from", 2.0))
    floor = float(policy.get("floor", 0))
    return {
        "achieved_from": achieved,
        "at_risk_from": at_risk,
        "floor": floor,
        "interpolation": _interpolation_text(policy),
        "missing": _missing_text(policy),
    }


def _interpolation_text(policy: Mapping[str, Any]) -> str:
    if policy.get("interpolation", "linear") == "step":
        return _("Between two thresholds the score is the level reached, without a fraction (step).")
    return _(
        "Between two thresholds the score rises in proportion (linear): half way from level 3 to level 4 scores 3.50."
    )


def _missing_text(policy: Mapping[str, Any]) -> str:
    if policy.get("missing", "exclude") == "zero":
        return _("An indicator without a value counts as score 0 in the composite scores.")
    return _("An indicator without a value is left out of the composite scores (coverage shows how much is left).")


def policy_words(policy: Mapping[str, Any]) -> list[str]:
    """The year's scoring policy as sentences."""
    words = legend(policy)
    return [
        _("Levels 1 to 5: the criteria give the value that earns each level; level 3 is the target."),
        words["interpolation"],
        _("A value short of level 1 scores the floor: %(floor)s.") % {"floor": _score(words["floor"])},
        words["missing"],
        _("Status: achieved from %(achieved)s, at risk from %(at_risk)s, not achieved below.")
        % {"achieved": _score(words["achieved_from"]), "at_risk": _score(words["at_risk_from"])},
        _("Coverage: the share of the weight of the indicators that have a score."),
        _("Overall score: the weighted mean of all indicators (Σ weight × score / Σ weight), not the mean of the goal "
          "scores."),
    ]


def _how(row: Mapping[str, Any], policy: Mapping[str, Any]) -> str:
    """Where the value stands among the thresholds, in words."""
    value, score, thresholds = row.get("value"), row.get("score"), row.get("thresholds") or []
    if value is None or score is None or len(thresholds) != 5:
        return ""
    rising = thresholds[0] < thresholds[-1]
    beyond = (lambda a, b: a >= b) if rising else (lambda a, b: a <= b)
    if beyond(value, thresholds[-1]):
        return _("at or beyond level 5")
    if not beyond(value, thresholds[0]):
        return _("short of level 1: the floor")
    level = max(k for k in range(5) if beyond(value, thresholds[k])) + 1
    if policy.get("interpolation", "linear") == "step" or value == thresholds[level - 1]:
        return _("level %(level)d reached") % {"level": level}
    return _("between level %(low)d and level %(high)d") % {"low": level, "high": level + 1}


def contributions(rows: Sequence[Mapping[str, Any]], missing: str) -> tuple[list[dict[str, Any]], float | None]:
    """Each row with ``share`` (its weight / the divisor) and ``contribution`` (weight × score / the divisor), and
    their sum: the composite score (§4) split into parts. The divisor is Σ weight of the scored rows, or of all rows
    when the policy counts missing values as 0. Rows without a weight (left out) get neither."""
    weighted = [row for row in rows if row.get("weight") is not None and not row.get("left_out")]
    scored = [row for row in weighted if row.get("score") is not None]
    counted = weighted if missing == "zero" else scored
    divisor = math.fsum(float(row["weight"]) for row in counted)
    counted_ids = {id(row) for row in counted}
    out = []
    for row in rows:
        share = contribution = None
        if divisor and id(row) in counted_ids:
            share = float(row["weight"]) / divisor
            contribution = share * float(row["score"] or 0.0)
        out.append({**row, "share": share, "contribution": contribution})
    total = math.fsum(r["contribution"] for r in out if r["contribution"] is not None) if scored else None
    return out, total


def explain_page(code: str, year: int) -> dict[str, Any]:
    org = OrgUnit.objects.select_related("parent").filter(code=code).first()
    if org is None:
        raise NotFound(f"no organisation {code}")
    years = fiscal_years()
    if year not in years:
        raise NotFound(f"no criteria for fiscal year {year}")
    card = score_org(year, org)
    policy = card["policy"]
    rows = [
        {
            **row,
            "name": pick(row, "name"),
            "status_label": status_label(row["status"]),
            "source_label": source_label(row["source"]),
            "problem_text": problem_text(row),
            "how": _how(row, policy),
        }
        for row in card["indicators"]
    ]
    indicators, total = contributions(rows, policy["missing"])
    goals = []
    for goal in card["goals"]:
        members, goal_total = contributions([r for r in rows if r["goal"] == goal["code"]], policy["missing"])
        in_overall = [r for r in indicators if r["goal"] == goal["code"] and r["contribution"] is not None]
        goals.append(
            {
                **goal,
                "title": pick(goal, "title"),
                "status_label": status_label(goal["status"]),
                "weight": math.fsum(float(r["weight"]) for r in members),
                "sum": goal_total,
                "in_overall": math.fsum(r["contribution"] for r in in_overall) if in_overall else None,
            }
        )
    goal_scores = [g["score"] for g in goals if g["score"] is not None]
    left_out = [{**row, "name": pick(row, "name"), "problem_text": problem_text(row)}
                for row in left_out_rows(card, _indicators_of(card))]
    return {
        "share_title": org.name,
        "org": org,
        "year": year,
        "years": years,
        "card": card,
        "overall_status_label": status_label(card["overall"]["status"]),
        "legend": legend(policy),
        "policy_words": policy_words(policy),
        "indicators": indicators,
        "total": total,
        "goals": goals,
        "mean_of_goals": math.fsum(goal_scores) / len(goal_scores) if goal_scores else None,
        "left_out": left_out,
    }


def _indicators_of(card: Mapping[str, Any]) -> list[Any]:
    """The Indicator rows of the card's left-out entries (their names), one query only when there are some."""
    codes = [item["code"] for item in card.get("left_out", ())]
    if not codes:
        return []
    return list(Indicator.objects.filter(code__in=codes))


@cached_page
def explain(request: HttpRequest, code: str, year: int) -> HttpResponse:
    try:
        context = explain_page(code, year)
    except NotFound as error:
        raise Http404(str(error)) from error
    return render(request, "dashboards/explain.html", context)

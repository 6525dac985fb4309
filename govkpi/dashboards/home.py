"""What the home page shows: the province's scorecard for a fiscal year, its goals, and its awards.

`home_page` runs a fixed number of queries (9): the years with criteria, the root organisation, the scorecard
(4, see `govkpi.scorecards.loading`), the award totals, the published award claim and the year's ITA results;
4 more when the previous fiscal year has criteria (its scorecard, for the trend).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import get_language, gettext

from govkpi.assessments.models import Assessment
from govkpi.awards.choices import AwardCategory
from govkpi.awards.models import Award
from govkpi.claims.models import Claim
from govkpi.core.periods import fiscal_year_bounds
from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.labels import status_label
from govkpi.scorecards.services import check_fiscal_year, fiscal_years, root_org, score_org

from .numbers import show_number
from .problems import by_goal, policy_text
from .words import trend_label

AWARDS_TOTAL = "awards.total"
ITA = "ita"
TOP_LEVEL = "AA"


class NotFound(Exception):
    """The page asked for does not exist (a fiscal year without criteria, or not a year at all)."""


@dataclass(frozen=True)
class AwardLine:
    category: str
    label: str
    count: int


@dataclass(frozen=True)
class Awards:
    lines: list[AwardLine]
    total: int
    published: float | None

    @property
    def disagrees(self) -> bool:
        return self.published is not None and self.published != self.total


def pick(row: dict[str, Any], key: str) -> str:
    english = row.get(f"{key}_en")
    return str(english) if get_language() == "en" and english else str(row.get(f"{key}_th") or "")


def choose_year(requested: str | None, years: list[int]) -> int:
    if not requested:
        return years[0]
    try:
        year = check_fiscal_year(requested)
    except ScorecardError as error:
        raise NotFound(error.message) from error
    if year not in years:
        raise NotFound(f"no criteria for fiscal year {year}")
    return year


def _goals(card: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Goal cards for the template, and the distinct goal notes (footnotes) they refer to by number."""
    notes: list[str] = []
    goals = []
    for goal in card["goals"]:
        note = goal.get("note") or ""
        if note and note not in notes:
            notes.append(note)
        goals.append(
            {
                **goal,
                "title": pick(goal, "title"),
                "status_label": status_label(goal["status"]),
                "note_number": notes.index(note) + 1 if note else None,
            }
        )
    return goals, notes


def _awards(year: int) -> Awards:
    labels = dict(AwardCategory.choices)
    rows = (
        Award.objects.filter(fiscal_year=year).values("category").annotate(count=Sum("quantity")).order_by("category")
    )
    order = {value: i for i, value in enumerate(AwardCategory.values)}
    lines = sorted(
        (AwardLine(row["category"], str(labels.get(row["category"], row["category"])), row["count"]) for row in rows),
        key=lambda line: order.get(line.category, len(order)),
    )
    claim = Claim.objects.filter(fiscal_year=year, metric=AWARDS_TOTAL).values_list("value", flat=True).first()
    return Awards(lines, sum(line.count for line in lines), claim)


def _trend(card: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """Score differences against the previous year: ``{"overall": delta, "G01": delta, …}`` (None: no score)."""
    if previous is None:
        return {}
    before = {g["code"]: g["score"] for g in previous["goals"]}
    deltas: dict[str, Any] = {}
    for code, now, then in [("overall", card["overall"]["score"], previous["overall"]["score"])] + [
        (g["code"], g["score"], before.get(g["code"])) for g in card["goals"]
    ]:
        delta = None if now is None or then is None else now - then
        deltas[code] = {"delta": delta, "label": trend_label(delta), "previous": then}
    return deltas


def _ita(year: int, province: OrgUnit) -> dict[str, Any]:
    """The province's own ITA result and the organisations at the top level (AA), from the records."""
    rows = list(Assessment.objects.filter(framework=ITA, fiscal_year=year).select_related("org").order_by("-score"))
    own = next((row for row in rows if row.org_id == province.pk), None)
    return {"own": own, "top": [row for row in rows if row.level == TOP_LEVEL], "count": len(rows)}


def home_page(requested_year: str | None, today: date | None = None) -> dict[str, Any]:
    """The template context of the home page."""
    years = fiscal_years()
    if not years:
        return {"empty": True, "years": []}
    year = choose_year(requested_year, years)
    try:
        province: OrgUnit = root_org()
    except ScorecardError:
        return {"empty": True, "years": years}
    card = score_org(year, province)
    previous = score_org(year - 1, province) if year - 1 in years else None
    trend = _trend(card, previous)
    goals, notes = _goals(card)
    problems = by_goal(card)
    for goal in goals:
        goal["trend"] = trend.get(goal["code"])
        goal["problems"] = problems.pop(goal["code"], [])
    start, end = fiscal_year_bounds(year)
    name = pick(card, "org_name")
    return {
        "share_title": gettext("%(org)s: performance, fiscal year %(year)s") % {"org": name, "year": year},
        "share_description": gettext("Overall score")
        + f": {show_number(card['overall']['score'], 2)} / 5",
        "empty": False,
        "years": years,
        "year": year,
        "province": province,
        "province_name": pick(card, "org_name"),
        "card": card,
        "overall_status_label": status_label(card["overall"]["status"]),
        "goals": goals,
        "other_problems": [item for items in problems.values() for item in items],  # goals without a score
        "policy_problem": policy_text(card),
        "notes": notes,
        "awards": _awards(year),
        "trend": trend.get("overall"),
        "previous_year": year - 1 if previous is not None else None,
        "ita": _ita(year, province),
        "year_start": start,
        "year_end": end,
        "today": today or timezone.localdate(),
    }

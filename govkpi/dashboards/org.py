"""The organisation page: its scorecard (own results, else rolled up from below), the units below it with their
overall scores, its external assessments and its awards.

`org_page` runs 9 queries: the organisation, the years, the year's data for its subtree (4), the units below,
the assessments and the awards.
"""

from __future__ import annotations

from typing import Any

from govkpi.assessments.models import Assessment
from govkpi.awards.choices import AwardCategory
from govkpi.awards.models import Award
from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.labels import source_label, status_label
from govkpi.scorecards.loading import load_year
from govkpi.scorecards.services import Scorer, fiscal_years

from .explain import legend
from .home import NotFound, choose_year, pick
from .problems import left_out_rows, policy_text, problem_text


def org_page(code: str, requested_year: str | None) -> dict[str, Any]:
    org = OrgUnit.objects.select_related("parent").filter(code=code).first()
    if org is None:
        raise NotFound(f"no organisation {code}")
    years = fiscal_years()
    if not years:
        raise NotFound("no fiscal year has criteria")
    year = choose_year(requested_year, years)
    scorer = Scorer(load_year(year, root=org))
    card = scorer.card(org.pk)
    children = []
    for child in OrgUnit.objects.filter(parent=org).order_by("code"):
        child_card = scorer.card(child.pk)
        children.append(
            {
                "org": child,
                "score": child_card["overall"]["score"],
                "coverage": child_card["overall"]["coverage"],
                "status": child_card["overall"]["status"],
                "status_label": status_label(child_card["overall"]["status"]),
            }
        )
    categories = dict(AwardCategory.choices)
    awards = [
        {
            "award": award,
            "title": pick({"title_th": award.title_th, "title_en": award.title_en}, "title"),
            "category": str(categories.get(award.category, award.category)),
        }
        for award in Award.objects.filter(recipient=org, fiscal_year=year).order_by("category", "title_th")
    ]
    goals = [{**g, "title": pick(g, "title"), "status_label": status_label(g["status"])} for g in card["goals"]]
    left_out = left_out_rows(card, scorer.data.indicators.values(), scorer.data.criteria_for(org.pk))
    indicators = [
        {
            **i,
            "name": pick(i, "name"),
            "status_label": status_label(i["status"]),
            "source_label": source_label(i["source"]),
            "problem_text": problem_text(i),
        }
        for i in sorted([*card["indicators"], *left_out], key=lambda row: (row["goal"], row["code"]))
    ]
    return {
        "share_title": org.name,
        "years": years,
        "year": year,
        "org": org,
        "parent": org.parent,
        "card": card,
        "overall_status_label": status_label(card["overall"]["status"]),
        "legend": legend(card.get("policy")),
        "explain_org": org.code,
        "policy_problem": policy_text(card),
        "goals": goals,
        "indicators": indicators,
        "children": children,
        "assessments": list(Assessment.objects.filter(org=org).order_by("-fiscal_year", "framework")),
        "awards": awards,
        "award_total": sum(a["award"].quantity for a in awards),
    }

"""The organisation page: its scorecard (own results, else rolled up from below), the units below it with their
overall scores, its external assessments and its awards.

`org_page` runs 12 queries: the organisation, the years, the year's data for its subtree (4), why rows have no
value (2, `govkpi.scorecards.reasons`), the units below, the assessments, the awards and the published commentary.

Rows without a value say why; those of indicators not assigned to the organisation (nor to a unit below it) are
counted in the summary and listed apart, folded, rather than filling the scorecard with empty rows.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from govkpi.assessments.models import Assessment
from govkpi.awards.choices import AwardCategory
from govkpi.awards.models import Award
from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.labels import reason_counts_text, reason_label, source_label, status_label
from govkpi.scorecards.loading import load_year
from govkpi.scorecards.reasons import NOT_ASSIGNED, Reasons, counts
from govkpi.scorecards.services import Scorer, fiscal_years
from govkpi.strategy import commentary

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
    Reasons(scorer.data, timezone.localdate()).mark(org.pk, indicators)
    for row in indicators:
        row["reason_text"] = reason_label(row["reason"])
    assigned = [i for i in indicators if i["reason"].code != NOT_ASSIGNED]
    shown_goals = [g for g in goals if g["code"] in {i["goal"] for i in assigned}]  # others: no row of their own
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
        "shown_goals": shown_goals,
        "hidden_goals": len(goals) - len(shown_goals),
        "indicators": indicators,  # every row (downloads); the page shows `assigned` and folds `unassigned`
        "assigned": assigned,
        "unassigned": [i for i in indicators if i["reason"].code == NOT_ASSIGNED],
        "reason_summary": reason_counts_text(counts(indicators)),
        "indicator_total": len(indicators),
        "children": children,
        "assessments": list(Assessment.objects.filter(org=org).order_by("-fiscal_year", "framework")),
        "awards": awards,
        "award_total": sum(a["award"].quantity for a in awards),
        "commentary": commentary.for_org(org, year),  # approved periods only (planning.md)
    }

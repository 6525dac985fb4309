"""Rankings: districts by overall score and by goal; every peer group's members against each other.

`rankings_page` runs 8 queries: the years, the year's data for the whole tree (4), the organisations with their
kinds, the peer groups and their members.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from govkpi.orgs.choices import OrgKind
from govkpi.orgs.models import OrgUnit, PeerGroup
from govkpi.scorecards.labels import status_label
from govkpi.scorecards.loading import load_year
from govkpi.scorecards.services import Scorer, fiscal_years

from .home import NotFound, choose_year, pick
from .labels import group_label


def ranked(rows: list[dict[str, Any]], key: str = "score") -> list[dict[str, Any]]:
    """Best first, rows without a score last; equal scores share a rank (1, 2, 2, 4)."""
    present = sorted((r for r in rows if r[key] is not None), key=lambda r: (-r[key], r["code"]))
    out, previous, rank = [], None, 0
    for position, row in enumerate(present, start=1):
        if row[key] != previous:
            rank, previous = position, row[key]
        out.append({**row, "rank": rank})
    return out + [{**r, "rank": None} for r in rows if r[key] is None]


def rankings_page(requested_year: str | None) -> dict[str, Any]:
    years = fiscal_years()
    if not years:
        raise NotFound("no fiscal year has criteria")
    year = choose_year(requested_year, years)
    scorer = Scorer(load_year(year))
    cards: dict[int, dict[str, Any]] = {}

    def card(org_id: int) -> dict[str, Any]:
        if org_id not in cards:
            cards[org_id] = scorer.card(org_id)
        return cards[org_id]

    def row(org_id: int) -> dict[str, Any]:
        c = card(org_id)
        overall = c["overall"]
        return {
            "code": c["org"],
            "name": pick(c, "org_name"),
            "score": overall["score"],
            "coverage": overall["coverage"],
            "status": overall["status"],
            "status_label": status_label(overall["status"]),
            "goals": {g["code"]: g for g in c["goals"]},
        }

    district_ids = list(OrgUnit.objects.filter(kind=OrgKind.DISTRICT).order_by("code").values_list("id", flat=True))
    districts = ranked([row(i) for i in district_ids if i in scorer.data.orgs])
    goal_codes = sorted({g.code for g in scorer.data.goals.values()})
    goal_titles = {g.code: g.title for g in scorer.data.goals.values()}
    by_goal = []
    for code in goal_codes:
        rows = [_goal_row(r, r["goals"].get(code)) for r in districts]
        by_goal.append({"code": code, "title": goal_titles[code], "rows": ranked(rows)})
    groups = []
    for group in PeerGroup.objects.prefetch_related("members").order_by("code"):
        members = [row(m.pk) for m in group.members.all() if m.pk in scorer.data.orgs]
        if sum(1 for m in members if m["score"] is not None) < 2:
            continue  # a ranking needs at least two with a score
        groups.append({"group": group, "name": group_name(group), "rows": ranked(members)})
    return {
        "share_title": gettext("Rankings, fiscal year %(year)s") % {"year": year},
        "years": years,
        "year": year,
        "districts": districts,
        "by_goal": by_goal,
        "groups": groups,
    }


def group_name(group: PeerGroup) -> str:
    """Known groups by their translated name; others by the names the workbook gave, else the kind or the code made
    readable (`labels.group_label`)."""
    return group_label(group.code, group.name_th, group.name_en)


def _goal_row(row: dict[str, Any], goal: dict[str, Any] | None) -> dict[str, Any]:
    """A district's row in one goal's table: the goal's score and the goal's own status, as its page shows them."""
    status = goal["status"] if goal else "no_data"
    return {**row, "score": goal["score"] if goal else None, "status": status, "status_label": status_label(status)}

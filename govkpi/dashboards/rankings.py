"""Rankings: districts by overall score and by goal; every peer group's members against each other.

Every row shows its coverage (the share of the indicators' weight with a score). A score that covers less than the
year's minimum (policy ``min_coverage``, scoring.md) is not ranked: the row comes after the ranked ones, marked
with the reason, so that an organisation that reported one indicator well does not top the table.

`rankings_page` runs 8 queries: the years, the year's data for the whole tree (4), the organisations with their
kinds, the peer groups and their members.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from govkpi.core.scoring import Policy
from govkpi.orgs.choices import OrgKind
from govkpi.orgs.models import OrgUnit, PeerGroup
from govkpi.scorecards.labels import status_label
from govkpi.scorecards.loading import load_year
from govkpi.scorecards.services import Scorer, fiscal_years

from .home import NotFound, choose_year, pick
from .labels import group_label


def ranked(rows: list[dict[str, Any]], key: str = "score", policy: Policy | None = None) -> list[dict[str, Any]]:
    """Best first; equal scores share a rank (1, 2, 2, 4). Rows whose coverage is below the year's minimum
    (policy ``min_coverage``) come next, unranked and marked ``below_minimum``; rows without a score last."""
    policy = policy or Policy()
    scored = [r for r in rows if r[key] is not None]
    present = sorted((r for r in scored if policy.ranked(r.get("coverage"))), key=lambda r: (-r[key], r["code"]))
    below = sorted((r for r in scored if not policy.ranked(r.get("coverage"))), key=lambda r: (-r[key], r["code"]))
    out, previous, rank = [], None, 0
    for position, row in enumerate(present, start=1):
        if row[key] != previous:
            rank, previous = position, row[key]
        out.append({**row, "rank": rank, "below_minimum": False})
    out += [{**r, "rank": None, "below_minimum": True} for r in below]
    return out + [{**r, "rank": None, "below_minimum": False} for r in rows if r[key] is None]


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
    policy = scorer.data.policy
    districts = ranked([row(i) for i in district_ids if i in scorer.data.orgs], policy=policy)
    goal_codes = sorted({g.code for g in scorer.data.goals.values()})
    goal_titles = {g.code: g.title for g in scorer.data.goals.values()}
    by_goal = []
    for code in goal_codes:
        rows = [_goal_row(r, r["goals"].get(code)) for r in districts]
        by_goal.append({"code": code, "title": goal_titles[code], "rows": ranked(rows, policy=policy)})
    groups = []
    for group in PeerGroup.objects.prefetch_related("members").order_by("code"):
        members = [row(m.pk) for m in group.members.all() if m.pk in scorer.data.orgs]
        if sum(1 for m in members if m["score"] is not None) < 2:
            continue  # a ranking needs at least two with a score
        groups.append({"group": group, "name": group_name(group), "rows": ranked(members, policy=policy)})
    return {
        "share_title": gettext("Rankings, fiscal year %(year)s") % {"year": year},
        "years": years,
        "year": year,
        "districts": districts,
        "by_goal": by_goal,
        "groups": groups,
        "min_coverage": policy.min_coverage,
    }


def group_name(group: PeerGroup) -> str:
    """Known groups by their translated name; others by the names the workbook gave, else the kind or the code made
    readable (`labels.group_label`)."""
    return group_label(group.code, group.name_th, group.name_en)


def _goal_row(row: dict[str, Any], goal: dict[str, Any] | None) -> dict[str, Any]:
    """A district's row in one goal's table: the goal's score, coverage and status, as its page shows them."""
    status = goal["status"] if goal else "no_data"
    return {**row, "score": goal["score"] if goal else None, "coverage": goal["coverage"] if goal else 0.0,
            "status": status, "status_label": status_label(status)}

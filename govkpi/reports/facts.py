"""The facts a press release or an annual report states, read from the records and nothing else.

Every figure here is computed from rows (awards summed by quantity, scores from :mod:`govkpi.scorecards`), and each
carries the query that shows the rows behind it (:attr:`Figure.records`), so a document can link every number to
its evidence. Published claims are read only to say whether they agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from govkpi.assessments.models import Assessment
from govkpi.awards.choices import AwardCategory
from govkpi.awards.models import Award
from govkpi.claims.models import Claim
from govkpi.events.models import Event
from govkpi.orgs.models import OrgUnit, PeerGroup
from govkpi.scorecards.services import ScorecardError, root_org, score_org


@dataclass(frozen=True)
class Figure:
    """A number as stated, and the open-data query of the records it comes from (`awards?category=ita`)."""

    value: float
    records: str  # "table?filter=value&…", resolved to a URL by the renderer

    def __int__(self) -> int:
        return int(self.value)


@dataclass(frozen=True)
class AwardGroup:
    category: str
    label: str
    count: Figure
    issuers: tuple[str, ...]


@dataclass(frozen=True)
class Rated:
    """An organisation's assessment: name, score, level, rank and the group it was ranked in."""

    org_code: str
    org_name: str
    org_name_en: str
    score: Figure | None
    level: str
    rank: Figure | None
    rank_group: str
    rank_group_name: str
    rank_group_name_en: str


@dataclass
class PressFacts:
    fiscal_year: int
    province: OrgUnit
    event: Event | None
    awards_total: Figure
    award_groups: list[AwardGroup]
    claimed_total: float | None
    claim_source: str
    ita_lead: Rated | None  # the province's own ITA
    ita_group_leaders: list[Rated]  # other organisations ranked first in their group
    ita_aa: list[Rated]  # level AA, best score first
    card: dict[str, Any] | None
    goals_achieved: int = 0
    goals_total: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def claim_disagrees(self) -> bool:
        return self.claimed_total is not None and self.claimed_total != self.awards_total.value


def _awards(fiscal_year: int) -> tuple[Figure, list[AwardGroup]]:
    rows = (
        Award.objects.filter(fiscal_year=fiscal_year)
        .values("category", "issuer")
        .annotate(count=Sum("quantity"))
        .order_by("category", "issuer")
    )
    counts: dict[str, int] = {}
    issuers: dict[str, list[str]] = {}
    for row in rows:
        counts[row["category"]] = counts.get(row["category"], 0) + int(row["count"])
        issuers.setdefault(row["category"], []).append(row["issuer"])
    groups = [
        AwardGroup(
            category,
            str(label),
            Figure(counts[category], f"awards?fiscal_year={fiscal_year}&category={category}"),
            tuple(issuers[category]),
        )
        for category, label in AwardCategory.choices
        if category in counts
    ]
    total = Figure(sum(counts.values()), f"awards?fiscal_year={fiscal_year}")
    return total, groups


def _rated(assessment: Assessment, groups: dict[str, PeerGroup]) -> Rated:
    org = assessment.org
    query = f"assessments?fiscal_year={assessment.fiscal_year}&framework={assessment.framework}&org={org.code}"
    group = groups.get(assessment.rank_group)
    return Rated(
        org.code,
        org.name_th,
        org.name_en or org.name_th,
        None if assessment.score is None else Figure(assessment.score, query),
        assessment.level,
        None if assessment.rank is None else Figure(assessment.rank, query),
        assessment.rank_group,
        group.name_th if group and group.name_th else assessment.rank_group,
        group.name_en if group and group.name_en else assessment.rank_group,
    )


def _ita(fiscal_year: int, province: OrgUnit) -> tuple[Rated | None, list[Rated], list[Rated]]:
    found = list(
        Assessment.objects.filter(framework="ita", fiscal_year=fiscal_year)
        .select_related("org")
        .order_by("-score", "org__code")
    )
    groups = {group.code: group for group in PeerGroup.objects.filter(code__in={a.rank_group for a in found})}
    lead = next((_rated(a, groups) for a in found if a.org_id == province.pk), None)
    leaders = [_rated(a, groups) for a in found if a.rank == 1 and a.org_id != province.pk]
    aa = [_rated(a, groups) for a in found if a.level.upper() == "AA"]
    return lead, leaders, aa


def press_facts(fiscal_year: int) -> PressFacts:
    """Everything the press release of ``fiscal_year`` says (about 10 queries)."""
    province = root_org()
    event = Event.objects.filter(fiscal_year=fiscal_year).order_by("-date", "-time").first()
    total, groups = _awards(fiscal_year)
    claim = Claim.objects.filter(fiscal_year=fiscal_year, metric="awards.total").first()
    lead, leaders, aa = _ita(fiscal_year, province)
    try:
        card: dict[str, Any] | None = score_org(fiscal_year, province)
    except ScorecardError:
        card = None
    goals = card["goals"] if card else []
    return PressFacts(
        fiscal_year=fiscal_year,
        province=province,
        event=event,
        awards_total=total,
        award_groups=groups,
        claimed_total=claim.value if claim else None,
        claim_source=claim.source if claim else "",
        ita_lead=lead,
        ita_group_leaders=leaders,
        ita_aa=aa,
        card=card,
        goals_achieved=sum(1 for goal in goals if goal["status"] == "achieved"),
        goals_total=len(goals),
    )

"""Readiness checklists before an assessment: each organisation's items, progress, and who is not ready."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language

from govkpi.core.frameworks import Framework
from govkpi.orgs.models import OrgUnit

from .choices import LOCAL_GOVERNMENT_KINDS, Readiness
from .models import ChecklistEntry


@dataclass(frozen=True)
class Progress:
    org: OrgUnit
    total: int
    checked: int
    confirmed: int

    @property
    def state(self) -> Readiness:
        if self.total and self.confirmed >= self.total:
            return Readiness.READY
        if self.total and self.checked >= self.total:
            return Readiness.CHECKED
        return Readiness.IN_PROGRESS if self.checked or self.confirmed else Readiness.NOT_STARTED

    @property
    def share(self) -> float:
        return self.confirmed / self.total if self.total else 0.0


def overview(framework: Framework, orgs: QuerySet[OrgUnit]) -> list[Progress]:
    """Progress of the local governments among ``orgs`` and of any other organisation that has begun."""
    total = len(framework.checklist)
    items = [item.code for item in framework.checklist]
    counts = {
        row["org_id"]: row
        for row in ChecklistEntry.objects.filter(
            framework=framework.code, fiscal_year=framework.fiscal_year, item__in=items, org__in=orgs
        )
        .values("org_id")
        .annotate(checked=Count("id", filter=Q(self_checked=True)), confirmed=Count("id", filter=Q(confirmed=True)))
    }
    watched = orgs.filter(Q(kind__in=LOCAL_GOVERNMENT_KINDS) | Q(pk__in=list(counts))).order_by("path")
    return [
        Progress(org, total, counts.get(org.pk, {}).get("checked", 0), counts.get(org.pk, {}).get("confirmed", 0))
        for org in watched
    ]


def checklist(framework: Framework, org: OrgUnit) -> list[dict[str, Any]]:
    """Each item of the framework year with the organisation's entry (None when not started)."""
    entries = {
        e.item: e
        for e in ChecklistEntry.objects.filter(framework=framework.code, fiscal_year=framework.fiscal_year, org=org)
    }
    english = get_language() == "en"
    return [
        {
            "code": item.code,
            "name": item.name_en if english and item.name_en else item.name_th,
            "component": item.component,
            "entry": entries.get(item.code),
        }
        for item in framework.checklist
    ]

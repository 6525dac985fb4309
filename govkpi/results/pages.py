"""What the internal results pages show, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from govkpi.core.periods import Period
from govkpi.core.results import Entered, check_entered
from govkpi.orgs.models import OrgUnit
from govkpi.plans.choices import Aggregation
from govkpi.plans.models import Indicator

from .choices import ResultStatus
from .due import indicators_of
from .models import Evidence, Result
from .rules import indicator_rules, message, parse
from .validation import previous_period


@dataclass
class EntryRow:
    indicator: Indicator
    result: Result | None
    previous: float | None
    evidence: list[Evidence] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    posted: dict[str, Any] = field(default_factory=dict)

    @property
    def is_ratio(self) -> bool:
        return self.indicator.aggregation == Aggregation.RATIO

    @property
    def status(self) -> str:
        return self.result.status if self.result is not None else "missing"

    @property
    def editable(self) -> bool:
        return self.result is None or self.result.status in (ResultStatus.DRAFT, ResultStatus.RETURNED)

    def shown(self, name: str) -> Any:
        if name in self.posted:
            return self.posted[name]
        if self.result is None:
            return ""
        value = getattr(self.result, name)
        if isinstance(value, float):
            return f"{value:g}"
        return "" if value is None else value


def entry_rows(org: OrgUnit, period: Period) -> list[EntryRow]:
    """Every indicator the organisation reports with this kind of period: 4 queries."""
    indicators = [
        indicator
        for indicator in indicators_of([org], period.fiscal_year)[org.pk]
        if indicator.period_type == period.kind.value
    ]
    ids = [indicator.pk for indicator in indicators]
    by_id = {indicator.pk: indicator for indicator in indicators}
    results = {
        row.indicator_id: row for row in Result.objects.filter(org=org, period=period.code, indicator_id__in=ids)
    }
    for row in results.values():
        row.indicator = by_id[row.indicator_id]  # loaded already: the page reads it without a query per row
    before = previous_period(period)
    previous: dict[int, float | None] = {}
    if before is not None:
        previous = dict(
            Result.objects.filter(org=org, period=before.code, indicator_id__in=ids).values_list(
                "indicator_id", "value"
            )
        )
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for item in Evidence.objects.filter(result__in=[row.pk for row in results.values()]).order_by("uploaded_at", "id"):
        evidence[item.result_id].append(item)
    return [
        EntryRow(
            indicator=indicator,
            result=results.get(indicator.pk),
            previous=previous.get(indicator.pk),
            evidence=evidence.get(results[indicator.pk].pk, []) if indicator.pk in results else [],
        )
        for indicator in indicators
    ]


def approval_queue(orgs: QuerySet[OrgUnit]) -> list[Result]:
    """Submitted results of the given organisations, oldest first: 1 query."""
    return list(
        Result.objects.filter(status=ResultStatus.SUBMITTED, org__in=orgs)
        .select_related("indicator", "org")
        .order_by("updated_at", "id")[:500]
    )


def rule_problems(result: Result) -> list[str]:
    """What a stored result breaks of the rules of its own cells and period, in the active language (no query: the
    indicator is loaded with it). Rows get past the actions only by SQL, an older version or a restore; the
    approval queue and the history page say so beside the value (``govkpi check-data`` lists every such row)."""
    _, problem = parse(result.period)
    found = [problem] if problem is not None else []
    entered = Entered(result.value, result.numerator, result.denominator, result.note or "", result.evidence_url or "")
    found += check_entered(entered, indicator_rules(result.indicator))[1]
    return [message(problem) for problem in found]

"""What the internal results pages show, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from govkpi.core.periods import Period
from govkpi.core.results import Entered, check_entered
from govkpi.core.scoring import Aggregation, Direction, PeriodValue, Policy, ScoringError, combine_periods, level_score
from govkpi.orgs.models import OrgUnit
from govkpi.plans.choices import Aggregation as IndicatorAggregation
from govkpi.plans.models import Criterion, Indicator
from govkpi.scorecards.loading import load_criteria, load_policy

from . import quality
from .choices import ResultStatus, Step
from .due import indicators_of
from .evidence import Pending
from .models import Evidence, Result, ResultEvent
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
    criterion: Criterion | None = None  # the year's target and five thresholds for this organisation
    pending: Pending | None = None  # a file attached on a page that came back with errors, not saved yet
    closed: str = ""  # why the period is closed for entry (docs/locks.md), or ""

    @property
    def is_ratio(self) -> bool:
        return self.indicator.aggregation == IndicatorAggregation.RATIO

    @property
    def status(self) -> str:
        return self.result.status if self.result is not None else "missing"

    @property
    def editable(self) -> bool:
        if self.closed:
            return False
        return self.result is None or self.result.status in (ResultStatus.DRAFT, ResultStatus.RETURNED)

    @property
    def urgency(self) -> int:
        """What to do first: fix a returned result, then enter a missing one, then finish a draft."""
        return {"returned": 0, "missing": 1, "draft": 2}.get(self.status, 3)

    def input_of(self, name: str) -> str:
        """The field of the form an error of ``name`` belongs to ("" when none: the error is the row's)."""
        if name == "value" and self.is_ratio:
            return "numerator"
        if name in ("numerator", "denominator") and not self.is_ratio:
            return "value"
        return name if name in INPUTS else ""

    @property
    def placed(self) -> dict[str, list[str]]:
        """The errors by the field they are shown at ("" for the row's own)."""
        placed: dict[str, list[str]] = defaultdict(list)
        for name, texts in self.errors.items():
            placed[self.input_of(name)].extend(texts)
        return dict(placed)

    def shown(self, name: str) -> Any:
        if name in self.posted:
            return self.posted[name]
        if self.result is None:
            return ""
        value = getattr(self.result, name)
        if isinstance(value, float):
            return f"{value:g}"
        return "" if value is None else value


INPUTS = ("value", "numerator", "denominator", "note", "evidence_url", "file", "confirm_jump")


def entry_rows(org: OrgUnit, period: Period) -> list[EntryRow]:
    """Every indicator the organisation reports with this kind of period, with the year's criteria: 5 queries."""
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
    criteria = load_criteria(period.fiscal_year, org, load_policy(period.fiscal_year)).criteria_for(org.pk)
    return [
        EntryRow(
            indicator=indicator,
            result=results.get(indicator.pk),
            previous=previous.get(indicator.pk),
            evidence=evidence.get(results[indicator.pk].pk, []) if indicator.pk in results else [],
            criterion=criteria.get(indicator.pk),
        )
        for indicator in indicators
    ]


def approval_queue(orgs: QuerySet[OrgUnit]) -> list[Result]:
    """Submitted results of the given organisations, oldest first, with their open follow-up flags: 1 query."""
    return list(
        quality.with_open_flag(Result.objects.filter(status=ResultStatus.SUBMITTED, org__in=orgs))
        .select_related("indicator", "org")
        .order_by("updated_at", "id")[:500]
    )


@dataclass
class QueueItem:
    """A result waiting for approval with what the approver decides on."""

    result: Result
    previous: float | None = None  # the approved value of the period before (the last of the year before for the first)
    criterion: Criterion | None = None
    year_value: float | None = None  # the organisation's value of the year were this result approved
    level: float | None = None  # the level that value scores against the year's thresholds (govkpi.core.scoring)
    submitter: str = ""
    submitted_at: Any = None
    evidence: list[Evidence] = field(default_factory=list)
    own: bool = False  # submitted by the viewer: four eyes keep them from approving it
    error: str = ""  # why the last decision on it was refused (a return without a reason)
    warnings: list[Any] = field(default_factory=list)  # why its value looks unusual (govkpi.results.quality)
    follow_up: Any = None  # its open follow-up flag, if any


def queue_items(queue: list[Result], own: set[int]) -> list[QueueItem]:
    """The queue with previous values, criteria, levels, submitters, evidence and the warnings of
    :mod:`govkpi.results.quality` (its open flags come with the queue): 3 queries, plus 2 per fiscal year."""
    items = {result.pk: QueueItem(result, own=result.pk in own) for result in queue}
    if not items:
        return []
    years = {result.fiscal_year for result in queue}
    approved: dict[tuple[int, int], dict[str, Result]] = defaultdict(dict)  # (org, indicator) → period → result
    rows = quality.nearby(queue)  # the peers and histories of the queue, which hold the approved results it needs
    wanted = years | {year - 1 for year in years}  # the period before the first is last year's
    for row in rows:
        if row.status == ResultStatus.APPROVED and row.fiscal_year in wanted:
            approved[(row.org_id, row.indicator_id)][row.period] = row
    warnings = quality.warnings_among(rows, items)
    for result in queue:
        items[result.pk].warnings = warnings.get(result.pk, [])
        items[result.pk].follow_up = quality.flag_of(result)
    for year in sorted(years):
        data = load_criteria(year, None, load_policy(year))
        for result in queue:
            if result.fiscal_year != year:
                continue
            item = items[result.pk]
            same = approved.get((result.org_id, result.indicator_id), {})
            before = _before(result)
            previous = same.get(before.code) if before is not None else None
            item.previous = previous.value if previous is not None else None
            item.criterion = data.criteria_for(result.org_id).get(result.indicator_id)
            others = [row for row in same.values() if row.fiscal_year == year]
            item.year_value, item.level = year_level(result, others, item.criterion, data.policy)
    submits = ResultEvent.objects.filter(result_id__in=list(items), step=Step.SUBMIT).order_by("result_id", "at", "id")
    for result_id, label, at in submits.values_list("result_id", "actor_label", "at"):
        items[result_id].submitter, items[result_id].submitted_at = label, at  # the most recent submission wins
    for item in Evidence.objects.filter(result_id__in=list(items)).order_by("uploaded_at", "id"):
        items[item.result_id].evidence.append(item)
    return list(items.values())


def _before(result: Result) -> Period | None:
    period, _ = parse(result.period)  # a stored period no rule accepts has no period before it
    return previous_period(period) if period is not None else None


def year_level(
    result: Result, approved: list[Result], criterion: Criterion | None, policy: Policy
) -> tuple[float | None, float | None]:
    """(the organisation's value of the year, its level) were ``result`` approved beside the year's approved results
    of the same indicator — combined and scored by the rules of :mod:`govkpi.core.scoring`, as the scorecard does.
    (None, None) when there is no value, and a level of None without a criterion, or when a row, the criterion or
    the policy is one no rule accepts."""
    values = []
    for row in [*approved, result]:
        period, _ = parse(row.period)
        if period is None:
            return None, None
        values.append(PeriodValue(period, row.value, row.numerator, row.denominator))
    indicator = result.indicator
    try:
        value = combine_periods(values, Aggregation(indicator.aggregation), indicator.multiplier).value
        if value is None or criterion is None:
            return value, None
        return value, level_score(value, criterion.thresholds, Direction(indicator.direction), policy)
    except (ScoringError, ValueError):
        return None, None


def rule_problems(result: Result) -> list[str]:
    """What a stored result breaks of the rules of its own cells and period, in the active language (no query: the
    indicator is loaded with it). Rows get past the actions only by SQL, an older version or a restore; the
    approval queue and the history page say so beside the value (``govkpi check-data`` lists every such row)."""
    _, problem = parse(result.period)
    found = [problem] if problem is not None else []
    entered = Entered(result.value, result.numerator, result.denominator, result.note or "", result.evidence_url or "")
    found += check_entered(entered, indicator_rules(result.indicator))[1]
    return [message(problem) for problem in found]

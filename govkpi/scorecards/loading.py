"""Everything the scores of one fiscal year need, read from the database in a fixed handful of queries.

`load_year` runs four queries whatever the size of the tree or the scorecard:

1. the scoring policy of the year (none → the defaults);
2. the year's criteria with their indicators and goals (one join);
3. the organisations of the subtree (id, code, parent, path, depth — tuples, no model instances);
4. the approved results of the year for the scorecard's indicators within the subtree (tuples), skipped when
   the year has no criteria.

Nothing here applies a scoring rule; `rollup` and `govkpi.core.scoring` do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from govkpi.core.periods import Period, parse_period
from govkpi.core.scoring import PeriodValue, Policy
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Criterion, Goal, Indicator, ScoringPolicy
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result


@dataclass(frozen=True)
class OrgNode:
    id: int
    code: str
    name_th: str
    name_en: str
    parent_id: int | None
    path: str
    depth: int  # from the path: 0 for a root


def _tree_order(path: str) -> tuple[int, ...]:
    """Parents before children, siblings by id — the same on every database (collations differ on "/")."""
    return tuple(int(part) for part in path.strip("/").split("/") if part)


@dataclass
class YearData:
    """The inputs of one fiscal year's scores for one subtree (or the whole forest)."""

    fiscal_year: int
    policy: Policy
    indicators: dict[int, Indicator]
    goals: dict[int, Goal]
    default_criteria: dict[int, Criterion]  # indicator id → criterion for all organisations
    org_criteria: dict[int, dict[int, Criterion]]  # org id → indicator id → override
    orgs: dict[int, OrgNode]  # in tree-path order
    own: dict[tuple[int, int], list[PeriodValue]] = field(default_factory=dict)  # (org id, indicator id) → results

    def criteria_for(self, org_id: int) -> dict[int, Criterion]:
        """The criteria that apply to one organisation: its overrides over the criteria for all organisations."""
        return {**self.default_criteria, **self.org_criteria.get(org_id, {})}


def load_policy(fiscal_year: int) -> Policy:
    row = ScoringPolicy.objects.filter(fiscal_year=fiscal_year).first()
    if row is None:
        return Policy()
    return Policy(
        interpolation=row.interpolation,
        floor=row.floor,
        missing=row.missing,
        achieved_from=row.achieved_from,
        at_risk_from=row.at_risk_from,
    )


def load_year(fiscal_year: int, root: OrgUnit | None = None) -> YearData:
    """Read the year's policy, criteria, organisations and approved results (below ``root``, or all)."""
    policy = load_policy(fiscal_year)

    default_criteria: dict[int, Criterion] = {}
    org_criteria: dict[int, dict[int, Criterion]] = defaultdict(dict)
    indicators: dict[int, Indicator] = {}
    goals: dict[int, Goal] = {}
    criteria = Criterion.objects.filter(fiscal_year=fiscal_year).select_related("indicator__goal").order_by()
    if root is not None:
        # Overrides outside the subtree can never apply; criteria for all organisations always can.
        criteria = criteria.filter(Q(org__isnull=True) | Q(org__path__startswith=root.path))
    for criterion in criteria:
        indicator = criterion.indicator
        indicators[indicator.pk] = indicator
        goals[indicator.goal_id] = indicator.goal
        if criterion.org_id is None:
            default_criteria[indicator.pk] = criterion
        else:
            org_criteria[criterion.org_id][indicator.pk] = criterion

    org_rows = OrgUnit.objects.order_by()
    if root is not None:
        org_rows = org_rows.filter(path__startswith=root.path)
    nodes = [
        OrgNode(pk, code, name_th, name_en, parent_id, path, path.count("/") - 2)
        for pk, code, name_th, name_en, parent_id, path in org_rows.values_list(
            "id", "code", "name_th", "name_en", "parent_id", "path"
        )
    ]
    nodes.sort(key=lambda node: _tree_order(node.path))
    orgs = {node.id: node for node in nodes}

    data = YearData(fiscal_year, policy, indicators, goals, default_criteria, dict(org_criteria), orgs)
    if not indicators:
        return data

    results = Result.objects.filter(
        fiscal_year=fiscal_year, status=ResultStatus.APPROVED, indicator_id__in=list(indicators)
    ).order_by()
    if root is not None:
        results = results.filter(org__path__startswith=root.path)
    own: dict[tuple[int, int], list[PeriodValue]] = defaultdict(list)
    periods: dict[str, Period] = {}
    for org_id, indicator_id, code, value, numerator, denominator in results.values_list(
        "org_id", "indicator_id", "period", "value", "numerator", "denominator"
    ):
        period = periods.get(code)
        if period is None:
            period = periods[code] = parse_period(code)
        own[(org_id, indicator_id)].append(PeriodValue(period, value, numerator, denominator))
    data.own = dict(own)
    return data

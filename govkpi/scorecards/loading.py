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
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Q, QuerySet

from govkpi.core.periods import Period, PeriodError
from govkpi.core.results import Problem, check_number, check_period
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
    # (org id, indicator id) → why a result held in the database cannot be used (a rule it breaks)
    problems: dict[tuple[int, int], Problem] = field(default_factory=dict)

    def criteria_for(self, org_id: int) -> dict[int, Criterion]:
        """The criteria that apply to one organisation: its overrides over the criteria for all organisations."""
        return {**self.default_criteria, **self.org_criteria.get(org_id, {})}


def load_policy(fiscal_year: int) -> Policy:
    row = ScoringPolicy.objects.filter(fiscal_year=fiscal_year).first()
    return Policy() if row is None else row.as_policy()


def up_to(data: YearData, period: Period) -> YearData:
    """The loaded year with only the results of periods that end by the end of ``period`` (a copy): the scorecard
    as of that period (the committee's monthly pack, `govkpi plan needed --as-of`)."""
    own = {key: [row for row in rows if row.period.end <= period.end] for key, rows in data.own.items()}
    return replace(data, own={key: rows for key, rows in own.items() if rows})


def load_year(fiscal_year: int, root: OrgUnit | None = None, policy: Policy | None = None) -> YearData:
    """Read the year's policy, criteria, organisations and approved results (below ``root``, or all)."""
    data = load_criteria(fiscal_year, root, load_policy(fiscal_year) if policy is None else policy)
    org_rows = OrgUnit.objects.order_by()
    if root is not None:
        org_rows = org_rows.filter(path__startswith=root.path)
    data.orgs = org_nodes(org_rows)
    if not data.indicators:
        return data
    results = Result.objects.filter(
        fiscal_year=fiscal_year, status=ResultStatus.APPROVED, indicator_id__in=list(data.indicators)
    ).order_by()
    if root is not None:
        results = results.filter(org__path__startswith=root.path)
    data.own, data.problems = own_values(results)
    return data


def load_criteria(fiscal_year: int, root: OrgUnit | None, policy: Policy) -> YearData:
    """The year's criteria with their indicators and goals (one query); no organisations, no results yet."""
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
    return YearData(fiscal_year, policy, indicators, goals, default_criteria, dict(org_criteria), {})


def load_indicators(fiscal_year: int, policy: Policy, indicator_ids: Iterable[int]) -> YearData:
    """Only the given indicators that have criteria in the year (one query): what recomputing their values needs,
    without the rest of the scorecard."""
    rows = Indicator.objects.filter(pk__in=list(indicator_ids), criteria__fiscal_year=fiscal_year).distinct()
    indicators = {indicator.pk: indicator for indicator in rows.order_by()}
    return YearData(fiscal_year, policy, indicators, {}, {}, {}, {})


def node_of(org: OrgUnit) -> OrgNode:
    return OrgNode(org.pk, org.code, org.name_th, org.name_en, org.parent_id, org.path, org.path.count("/") - 2)


def org_nodes(org_rows: QuerySet[OrgUnit]) -> dict[int, OrgNode]:
    """Organisations as nodes in tree-path order (one query)."""
    nodes = [
        OrgNode(pk, code, name_th, name_en, parent_id, path, path.count("/") - 2)
        for pk, code, name_th, name_en, parent_id, path in org_rows.values_list(
            "id", "code", "name_th", "name_en", "parent_id", "path"
        )
    ]
    nodes.sort(key=lambda node: _tree_order(node.path))
    return {node.id: node for node in nodes}


def own_values(
    results: QuerySet[Result],
) -> tuple[dict[tuple[int, int], list[PeriodValue]], dict[tuple[int, int], Problem]]:
    """Approved results grouped by (organisation, indicator), streamed from the database (one query). A row that
    breaks a rule every entry point applies — a period no rule accepts, a number that is not finite or too large —
    was written some other way (an older version, SQL, a restore): it is left out and its pair marked with the
    problem, so that the scorecard flags the indicator instead of failing (`govkpi check-data` lists such rows)."""
    own: dict[tuple[int, int], list[PeriodValue]] = defaultdict(list)
    problems: dict[tuple[int, int], Problem] = {}
    periods: dict[str, Period | Problem] = {}
    rows = results.values_list("org_id", "indicator_id", "period", "value", "numerator", "denominator")
    for org_id, indicator_id, code, value, numerator, denominator in rows.iterator(chunk_size=20_000):
        period = periods.get(code)
        if period is None:
            period = periods[code] = result_period(code)
        problem = period if isinstance(period, Problem) else (
            check_number(value, "value") or check_number(numerator, "numerator")
            or check_number(denominator, "denominator")
        )
        if problem is not None:
            problems.setdefault((org_id, indicator_id), replace(problem, params={**problem.params, "period": code}))
            continue
        own[(org_id, indicator_id)].append(PeriodValue(period, value, numerator, denominator))  # type: ignore[arg-type]
    return dict(own), problems


def result_period(code: str) -> Period | Problem:
    try:
        return check_period(code)
    except PeriodError as error:
        return Problem("bad_period" if error.code != "year_out_of_range" else "year_out_of_range", "period",
                       {"value": code, **error.params})


def load_changed(data: YearData, org_ids: Iterable[int], indicator_ids: Iterable[int]) -> set[int]:
    """Fill ``data`` with what recomputing some indicators needs: the approved results of those indicators in the
    subtrees of the changed organisations' topmost ancestors, and the organisations that reported them with their
    ancestors (three queries). Returns the ids of the changed organisations and all their ancestors."""
    indicators = [pk for pk in indicator_ids if pk in data.indicators]
    paths = dict(OrgUnit.objects.filter(pk__in=list(org_ids)).values_list("id", "path"))
    affected = {int(part) for path in paths.values() for part in path.strip("/").split("/") if part}
    tops = {path.strip("/").split("/")[0] for path in paths.values() if path.strip("/")}
    if not indicators or not tops:
        return affected
    within = Q()
    for top in sorted(tops):
        within |= Q(org__path__startswith=f"/{top}/")
    results = Result.objects.filter(
        within, fiscal_year=data.fiscal_year, status=ResultStatus.APPROVED, indicator_id__in=indicators
    ).order_by()
    data.own, data.problems = own_values(results)
    reporting = OrgUnit.objects.filter(pk__in={org_id for org_id, _ in data.own}).values_list("path", flat=True)
    wanted = affected | {int(part) for path in reporting for part in path.strip("/").split("/") if part}
    data.orgs = org_nodes(OrgUnit.objects.filter(pk__in=wanted).order_by())
    return affected

"""`/api/v1/goals`, `/indicators`, `/criteria` and `/policies`: the plan, public like the site's pages. Fields are
the workbook's columns (workbook.md: goals, indicators, criteria, scoring_policy); lists are JSON arrays and x_ notes
an ``extra`` object.

* ``GET /goals?sdg=&owner=&q=`` · ``GET /goals/{code}`` (with its ``indicators``) · ``PUT /goals/{code}``
* ``GET /indicators?goal=&period_type=&aggregation=&responsible=&sdg=&q=`` · ``GET|PUT /indicators/{code}``
* ``GET /criteria?fiscal_year=&indicator=&org=`` (``org=-``: the rows for every organisation) ·
  ``GET /criteria/{id}`` · ``PUT /criteria`` (the key — fiscal_year, indicator, org — in the body)
* ``GET /policies`` · ``GET|PUT /policies/{fiscal_year}``

Every ``PUT`` is a workbook row loaded like a one-row file (province administrators; 201 when created).
"""

import json
from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from govkpi.plans.choices import Aggregation, PeriodType
from govkpi.plans.models import Criterion, Goal, Indicator, ScoringPolicy
from govkpi.workbook.values import as_text, be_year

from ..http import PUBLIC, PageNumber, Rows, not_found, ordered, ordering_type, responses
from .workbook import notes, put_responses, put_row, row_body

goals_router = Router()
indicators_router = Router()
criteria_router = Router()
policies_router = Router()

SDG_HELP = "An SDG goal, target or indicator code: 3 matches 3, 3.6 and 3.6.1; 3.6 matches 3.6 and 3.6.1."


def sdg_q(code: str | None) -> Q:
    """Rows whose `sdg` list holds the code or a code below it (the JSON text holds `"3.6"` or `"3.6.…`)."""
    if code is None:
        return Q()
    quoted = json.dumps(code.strip())
    return Q(sdg__icontains=quoted) | Q(sdg__icontains=quoted[:-1] + ".")


# --- goals --------------------------------------------------------------------------------------------------------


class GoalOut(Schema):
    code: str
    title_th: str
    title_en: str
    sdg: list[str] = Field(description="SDG targets.")
    owner: str | None = Field(description="The lead agency's organisation code.")
    extra: dict[str, Any] = Field(description="Free notes (x_ columns).")


class GoalDetail(GoalOut):
    indicators: list[str] = Field(description="Codes of the goal's indicators.")


class GoalFilters(FilterSchema):
    sdg: str | None = Field(None, description=SDG_HELP)
    owner: Annotated[str | None, FilterLookup("owner__code")] = Field(None, description="The lead agency's code.")
    q: Annotated[str | None, FilterLookup(["code__icontains", "title_th__icontains", "title_en__icontains"])] = Field(
        None, description="Part of the code or title."
    )

    def filter_sdg(self, code: str | None) -> Q:
        return sdg_q(code)


GOAL_ORDERING = {"code": "code", "title_th": "title_th"}


def serialize_goal(goal: Goal) -> dict[str, Any]:
    return {"code": goal.code, "title_th": goal.title_th, "title_en": goal.title_en, "sdg": list(goal.sdg or []),
            "owner": goal.owner.code if goal.owner else None, "extra": notes(goal.extra)}


def _goal(code: str) -> dict[str, Any]:
    goal = Goal.objects.select_related("owner").filter(code=code).first()
    if goal is None:
        raise not_found()
    body = serialize_goal(goal)
    body["indicators"] = list(goal.indicators.order_by("code").values_list("code", flat=True))
    return body


@goals_router.get("", response=list[GoalOut], auth=PUBLIC, summary="List goals")
@paginate(PageNumber)
def list_goals(
    request: HttpRequest,
    filters: GoalFilters = Query(...),  # noqa: B008
    ordering: ordering_type(*GOAL_ORDERING) | None = None,  # type: ignore[valid-type]
) -> Any:
    rows = filters.filter(Goal.objects.select_related("owner"))
    return Rows(ordered(rows, ordering, GOAL_ORDERING, ("code",)), serialize_goal)


@goals_router.get("/{path:code}", response=responses(GoalDetail), auth=PUBLIC, summary="One goal")
def get_goal(request: HttpRequest, code: str) -> Any:
    return _goal(code)


@goals_router.put(
    "/{path:code}",
    response=put_responses(GoalDetail),
    summary="Create or change a goal",
    description="The body is a `goals` row of the workbook, loaded like a one-row file. Province administrators "
                "only. 201 when created.",
    openapi_extra=row_body("goals", ("code",), {"title_th": "เศรษฐกิจฐานรากเข้มแข็ง", "sdg": ["1.2"], "owner": "54"}),
)
def put_goal(request: HttpRequest, code: str) -> Any:
    created = put_row(request, "goals", {"code": code})[0]
    return Status(201 if created else 200, _goal(code))


# --- indicators ---------------------------------------------------------------------------------------------------


class IndicatorOut(Schema):
    code: str
    goal: str
    name_th: str
    name_en: str
    unit: str
    direction: str
    aggregation: str
    multiplier: float
    period_type: str
    sdg: list[str] = Field(description="SDG indicators.")
    responsible: list[str] = Field(description="Codes of the organisations that report it.")
    definition_th: str
    data_source: str
    min: float | None = Field(description="The lowest value a result may have.")
    max: float | None = Field(description="The highest value a result may have.")
    extra: dict[str, Any] = Field(description="Free notes (x_ columns).")


class IndicatorFilters(FilterSchema):
    goal: Annotated[str | None, FilterLookup("goal__code")] = Field(None, description="A goal's code.")
    period_type: PeriodType | None = None
    aggregation: Aggregation | None = None
    responsible: Annotated[str | None, FilterLookup("responsible__code")] = Field(
        None, description="The code of an organisation that reports it."
    )
    sdg: str | None = Field(None, description=SDG_HELP)
    q: Annotated[str | None, FilterLookup(["code__icontains", "name_th__icontains", "name_en__icontains"])] = Field(
        None, description="Part of the code or name."
    )

    def filter_sdg(self, code: str | None) -> Q:
        return sdg_q(code)


INDICATOR_ORDERING = {"code": "code", "name_th": "name_th", "goal": "goal__code", "period_type": "period_type"}


def indicators() -> Any:
    return Indicator.objects.select_related("goal").prefetch_related("responsible")


def serialize_indicator(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "goal": indicator.goal.code,
        "name_th": indicator.name_th,
        "name_en": indicator.name_en,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "aggregation": indicator.aggregation,
        "multiplier": indicator.multiplier,
        "period_type": indicator.period_type,
        "sdg": list(indicator.sdg or []),
        "responsible": sorted(org.code for org in indicator.responsible.all()),
        "definition_th": indicator.definition_th,
        "data_source": indicator.data_source,
        "min": indicator.min_value,
        "max": indicator.max_value,
        "extra": notes(indicator.extra),
    }


def _indicator(code: str) -> dict[str, Any]:
    indicator = indicators().filter(code=code).first()
    if indicator is None:
        raise not_found()
    return serialize_indicator(indicator)


@indicators_router.get("", response=list[IndicatorOut], auth=PUBLIC, summary="List indicators")
@paginate(PageNumber)
def list_indicators(
    request: HttpRequest,
    filters: IndicatorFilters = Query(...),  # noqa: B008
    ordering: ordering_type(*INDICATOR_ORDERING) | None = None,  # type: ignore[valid-type]
) -> Any:
    rows = filters.filter(indicators())
    return Rows(ordered(rows, ordering, INDICATOR_ORDERING, ("code",)), serialize_indicator)


@indicators_router.get("/{path:code}", response=responses(IndicatorOut), auth=PUBLIC, summary="One indicator")
def get_indicator(request: HttpRequest, code: str) -> Any:
    return _indicator(code)


@indicators_router.put(
    "/{path:code}",
    response=put_responses(IndicatorOut),
    summary="Create or change an indicator",
    description="The body is an `indicators` row of the workbook, loaded like a one-row file. Province "
                "administrators only. 201 when created.",
    openapi_extra=row_body("indicators", ("code",), {
        "goal": "G01", "name_th": "ร้อยละครัวเรือนยากจนที่ได้รับการช่วยเหลือ", "unit": "ร้อยละ",
        "direction": "higher_is_better", "aggregation": "ratio", "period_type": "quarter", "responsible": ["5401"]}),
)
def put_indicator(request: HttpRequest, code: str) -> Any:
    created = put_row(request, "indicators", {"code": code})[0]
    return Status(201 if created else 200, _indicator(code))


# --- criteria -----------------------------------------------------------------------------------------------------


class CriterionOut(Schema):
    id: int
    fiscal_year: int
    indicator: str
    org: str | None = Field(description="The organisation this row overrides for; null: every organisation.")
    weight: float
    level1: float
    level2: float
    level3: float
    level4: float
    level5: float
    target: float | None
    baseline: float | None
    baseline_year: int | None
    extra: dict[str, Any] = Field(description="Free notes (x_ columns).")


class CriterionFilters(FilterSchema):
    fiscal_year: int | None = Field(None, ge=0, le=32767)
    indicator: Annotated[str | None, FilterLookup("indicator__code")] = Field(None, description="An indicator's code.")
    org: str | None = Field(None, description="An organisation's code, or `-` for the rows for every organisation.")

    def filter_org(self, code: str | None) -> Q:
        if code is None:
            return Q()
        return Q(org__isnull=True) if code == "-" else Q(org__code=code)


CRITERION_ORDERING = {"id": "id", "fiscal_year": "fiscal_year", "indicator": "indicator__code", "weight": "weight"}


def serialize_criterion(criterion: Criterion) -> dict[str, Any]:
    return {
        "id": criterion.pk,
        "fiscal_year": criterion.fiscal_year,
        "indicator": criterion.indicator.code,
        "org": criterion.org.code if criterion.org else None,
        "weight": criterion.weight,
        **{f"level{k}": getattr(criterion, f"level{k}") for k in range(1, 6)},
        "target": criterion.target,
        "baseline": criterion.baseline,
        "baseline_year": criterion.baseline_year,
        "extra": notes(criterion.extra),
    }


def criteria() -> Any:
    return Criterion.objects.select_related("indicator", "org")


@criteria_router.get("", response=list[CriterionOut], auth=PUBLIC, summary="List criteria")
@paginate(PageNumber)
def list_criteria(
    request: HttpRequest,
    filters: CriterionFilters = Query(...),  # noqa: B008
    ordering: ordering_type(*CRITERION_ORDERING) | None = None,  # type: ignore[valid-type]
) -> Any:
    rows = filters.filter(criteria())
    return Rows(ordered(rows, ordering, CRITERION_ORDERING, ("fiscal_year", "indicator__code", "id")),
                serialize_criterion)


@criteria_router.get("/{int:pk}", response=responses(CriterionOut), auth=PUBLIC, summary="One criterion")
def get_criterion(request: HttpRequest, pk: int) -> Any:
    criterion = criteria().filter(pk=pk).first()
    if criterion is None:
        raise not_found()
    return serialize_criterion(criterion)


@criteria_router.put(
    "",
    response=put_responses(CriterionOut),
    summary="Create or change a criterion",
    description="The body is a `criteria` row of the workbook with its key (fiscal_year, indicator and org — no org "
                "for the row of every organisation), loaded like a one-row file. Province administrators only. 201 "
                "when created.",
    openapi_extra=row_body("criteria", (), {"fiscal_year": 2565, "indicator": "G01-01", "weight": 1, "level1": 60,
                                            "level2": 70, "level3": 80, "level4": 90, "level5": 100, "target": 80}),
)
def put_criterion(request: HttpRequest) -> Any:
    created, row = put_row(request, "criteria", {})
    org = row.get("org")
    org_code = as_text(org) if org is not None and as_text(org) else None
    found = criteria().filter(fiscal_year=be_year(row["fiscal_year"]), indicator__code=as_text(row["indicator"]))
    found = found.filter(org__code=org_code) if org_code else found.filter(org__isnull=True)
    return Status(201 if created else 200, serialize_criterion(found.get()))


# --- scoring policies ---------------------------------------------------------------------------------------------


class PolicyOut(Schema):
    fiscal_year: int
    interpolation: str
    floor: float
    missing: str
    achieved_from: float
    at_risk_from: float
    min_coverage: float = Field(description="Share (0–1) of the weight that must have a score to be ranked; 0: none.")
    require_commentary: int = Field(
        description="1: an at-risk or not-achieved result needs commentary before it can be submitted.")
    lock_after_days: int | None = Field(
        description="Days after a period ends until it closes for entry (docs/locks.md); null: periods never lock.")
    extra: dict[str, Any] = Field(description="Free notes (x_ columns).")


POLICY_ORDERING = {"fiscal_year": "fiscal_year"}


def serialize_policy(policy: ScoringPolicy) -> dict[str, Any]:
    return {"fiscal_year": policy.fiscal_year, "interpolation": policy.interpolation, "floor": policy.floor,
            "missing": policy.missing, "achieved_from": policy.achieved_from, "at_risk_from": policy.at_risk_from,
            "min_coverage": policy.min_coverage, "require_commentary": int(policy.require_commentary),
            "lock_after_days": policy.lock_after_days,
            "extra": notes(policy.extra)}


def _policy(fiscal_year: int) -> dict[str, Any]:
    policy = ScoringPolicy.objects.filter(fiscal_year=fiscal_year).first()
    if policy is None:
        raise not_found()
    return serialize_policy(policy)


@policies_router.get("", response=list[PolicyOut], auth=PUBLIC, summary="List scoring policies")
@paginate(PageNumber)
def list_policies(
    request: HttpRequest,
    ordering: ordering_type(*POLICY_ORDERING) | None = None,  # type: ignore[valid-type]
) -> Any:
    return Rows(ordered(ScoringPolicy.objects.all(), ordering, POLICY_ORDERING, ("fiscal_year",)), serialize_policy)


@policies_router.get("/{int:fiscal_year}", response=responses(PolicyOut), auth=PUBLIC,
                     summary="The scoring policy of a fiscal year")
def get_policy(request: HttpRequest, fiscal_year: int) -> Any:
    return _policy(fiscal_year)


@policies_router.put(
    "/{int:fiscal_year}",
    response=put_responses(PolicyOut),
    summary="Create or change the scoring policy of a fiscal year",
    description="The body is a `scoring_policy` row of the workbook, loaded like a one-row file. Province "
                "administrators only. 201 when created.",
    openapi_extra=row_body("scoring_policy", ("fiscal_year",), {"interpolation": "linear", "floor": 0,
                                                                "missing": "exclude", "achieved_from": 3,
                                                                "at_risk_from": 2}),
)
def put_policy(request: HttpRequest, fiscal_year: int) -> Any:
    created = put_row(request, "scoring_policy", {"fiscal_year": fiscal_year})[0]
    return Status(201 if created else 200, _policy(fiscal_year))


"""`/api/v1/plans`, `/projects` and `/budget`: the strategy cycle (planning.md), public like the site's plan and
budget pages. The progress and budget objects are exactly what `govkpi plan progress` and `govkpi budget` print as
JSON (one function each in :mod:`govkpi.strategy.services`).

* ``GET /plans`` · ``GET /plans/{code}`` (with its items) · ``GET /plans/{code}/progress?org=``
* ``GET /projects?fiscal_year=&org=&goal=`` (paged) · ``GET /budget/{fiscal_year}?as_of=``

Read-only: plans, targets, projects and their progress are loaded from the province workbook or edited in the admin,
where the same rules apply.
"""

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import NinjaJSONEncoder

from govkpi.scorecards.errors import ScorecardError
from govkpi.strategy.models import Plan, PlanItem, Project
from govkpi.strategy.services import StrategyError, budget, plan_progress

from ..http import PUBLIC, PageNumber, Rows, finite, invalid, not_found, responses
from ._records import fiscal_year_param, subtree
from .scores import Open, scorecard_error

plans_router = Router()
projects_router = Router()
budget_router = Router()


def _json(data: Any) -> JsonResponse:
    return JsonResponse(finite(data), encoder=NinjaJSONEncoder, content_type="application/json; charset=utf-8")


# --- plans --------------------------------------------------------------------------------------------------------


class PlanOut(Schema):
    code: str
    title_th: str
    title_en: str
    level: str
    start_year: int = Field(description="First fiscal year (BE).")
    end_year: int = Field(description="Last fiscal year (BE).")
    parent: str | None = Field(description="The plan this plan serves.")


class PlanItemOut(Schema):
    code: str
    title_th: str
    title_en: str
    parent: str | None = Field(description="The parent item's code within the same plan.")
    aligns: list[str] = Field(description="Items of other plans this item serves, as PLAN:ITEM.")
    goals: list[str] = Field(description="Codes of the goals that serve this item.")


class PlanDetail(PlanOut):
    items: list[PlanItemOut]


def serialize_plan(plan: Plan) -> dict[str, Any]:
    return {"code": plan.code, "title_th": plan.title_th, "title_en": plan.title_en, "level": plan.level,
            "start_year": plan.start_year, "end_year": plan.end_year,
            "parent": plan.parent.code if plan.parent else None}


def serialize_item(item: PlanItem) -> dict[str, Any]:
    return {"code": item.code, "title_th": item.title_th, "title_en": item.title_en,
            "parent": item.parent.code if item.parent else None,
            "aligns": sorted(other.reference for other in item.aligns.all()),
            "goals": sorted(goal.code for goal in item.goals.all())}


@plans_router.get("", response=responses(list[PlanOut]), auth=PUBLIC, summary="Plans")
@paginate(PageNumber)
def list_plans(request: HttpRequest) -> Any:
    return Rows(Plan.objects.select_related("parent").order_by("start_year", "code"), serialize_plan)


@plans_router.get("/{code}", response=responses(PlanDetail), auth=PUBLIC, summary="A plan with its items")
def get_plan(request: HttpRequest, code: str) -> Any:
    plan = Plan.objects.select_related("parent").filter(code=code).first()
    if plan is None:
        raise not_found()
    items = (PlanItem.objects.filter(plan=plan).select_related("parent", "plan")
             .prefetch_related("aligns__plan", "goals").order_by("code"))
    return serialize_plan(plan) | {"items": [serialize_item(item) for item in items]}


class ProgressYearOut(Open):
    fiscal_year: int
    target: float | None
    actual: float | None
    met: bool | None


class ProgressIndicatorOut(Open):
    indicator: str
    direction: str
    years: list[ProgressYearOut]
    status: str | None


class PlanProgressOut(Open):
    plan: str
    org: str
    start_year: int
    end_year: int
    indicators: list[ProgressIndicatorOut]


class ProgressQuery(Schema):
    org: str | None = Field(None, description="Organisation code (default: the province, the root of the tree).")


@plans_router.get("/{code}/progress", response=responses(PlanProgressOut), auth=PUBLIC,
                  summary="Progress toward the plan's targets (as `govkpi plan progress`)")
def get_plan_progress(request: HttpRequest, code: str, query: ProgressQuery = Query(...)) -> Any:  # noqa: B008
    try:
        return _json(plan_progress(code, query.org or None))
    except StrategyError as error:
        raise not_found() from error
    except ScorecardError as error:
        raise scorecard_error(error) from error


# --- projects -----------------------------------------------------------------------------------------------------


class ProjectOut(Schema):
    code: str
    fiscal_year: int
    title_th: str
    title_en: str
    org: str
    goal: str | None
    indicators: list[str]
    plan_item: str | None = Field(description="The plan item it serves, as PLAN:ITEM.")
    budget_source: str
    kind: str
    allocated: float = Field(description="Baht.")
    start: str | None
    end: str | None


class ProjectQuery(Schema):
    fiscal_year: str | None = Field(None, description="Buddhist-Era fiscal year.")
    org: str | None = Field(None, description="An organisation code: its projects and those below it.")
    goal: str | None = Field(None, description="A goal code.")


def serialize_project(project: Project) -> dict[str, Any]:
    return {"code": project.code, "fiscal_year": project.fiscal_year, "title_th": project.title_th,
            "title_en": project.title_en, "org": project.org.code,
            "goal": project.goal.code if project.goal else None,
            "indicators": sorted(indicator.code for indicator in project.indicators.all()),
            "plan_item": project.plan_item.reference if project.plan_item else None,
            "budget_source": project.budget_source, "kind": project.kind, "allocated": project.allocated,
            "start": project.start.isoformat() if project.start else None,
            "end": project.end.isoformat() if project.end else None}


@projects_router.get("", response=responses(list[ProjectOut]), auth=PUBLIC, summary="Projects")
@paginate(PageNumber)
def list_projects(request: HttpRequest, query: ProjectQuery = Query(...)) -> Any:  # noqa: B008
    projects = Project.objects.select_related("org", "goal", "plan_item__plan").prefetch_related("indicators")
    if query.fiscal_year:
        projects = projects.filter(fiscal_year=fiscal_year_param(query.fiscal_year))
    if query.org:
        projects = projects.filter(subtree("org", query.org))
    if query.goal:
        projects = projects.filter(goal__code=query.goal.strip())
    return Rows(projects.order_by("fiscal_year", "code"), serialize_project)


# --- budget -------------------------------------------------------------------------------------------------------


class BudgetLineOut(Open):
    projects: int
    allocated: float
    disbursed: float
    rate: float | None
    target_rate: float | None
    behind: bool


class BudgetProjectOut(Open):
    code: str
    goal: str | None
    org: str
    allocated: float
    disbursed: float
    rate: float | None
    target_rate: float | None
    behind: bool
    progress: float | None
    status: str | None


class BudgetOut(Open):
    fiscal_year: int
    as_of: str | None
    totals: BudgetLineOut
    goals: list[BudgetLineOut]
    orgs: list[BudgetLineOut]
    projects: list[BudgetProjectOut]


class BudgetQuery(Schema):
    as_of: str | None = Field(None, description="A quarter of the year, e.g. 2565-Q3 (default: the latest reported).")


@budget_router.get("/{fiscal_year}", response=responses(BudgetOut), auth=PUBLIC,
                   summary="Budget and disbursement of a fiscal year (as `govkpi budget`)")
def get_budget(request: HttpRequest, fiscal_year: str, query: BudgetQuery = Query(...)) -> Any:  # noqa: B008
    year = fiscal_year_param(fiscal_year)
    try:
        return _json(budget(year, query.as_of or None))
    except StrategyError as error:
        raise invalid({"as_of": [error.user_message()]}) from error
    except ScorecardError as error:
        raise scorecard_error(error) from error


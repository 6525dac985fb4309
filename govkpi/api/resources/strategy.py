"""`/api/v1/plans`, `/projects` and `/budget`: the strategy cycle (planning.md), public like the site's plan and
budget pages. The progress and budget objects are exactly what `govkpi plan progress` and `govkpi budget` print as
JSON (one function each in :mod:`govkpi.strategy.services`).

* ``GET /plans`` · ``GET /plans/{code}`` (with its items) · ``GET /plans/{code}/progress?org=``
* ``GET /projects?fiscal_year=&org=&goal=`` (paged) · ``GET /projects/{code}`` (its approved progress and its
  disbursement per quarter against the target, as on the project page) · ``GET /budget/{fiscal_year}?as_of=``
* ``POST /projects/{code}/progress`` ``{period, disbursed, committed, progress, status, problems, suggestions}``
  → 201 (a new draft) or 200 (a draft or returned report changed) · ``POST /projects/{code}/progress/{period}/submit``
  · ``/approve`` · ``/return`` ``{reason}``: the entry page's and approvers' actions (:mod:`govkpi.strategy.progress`:
  the reporter of the project's organisation enters and submits, an approver of it or above decides, never on their
  own submission; the workbook's rules and the period locks apply; 400 with the fields, 403, 404, 409).

Plans, targets and projects are loaded from the province workbook or edited in the admin, where the same rules apply;
progress also comes from the reporters (entry page or these endpoints); only approved reports are shown publicly.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import NinjaJSONEncoder, Status

from govkpi.accounts.permissions import can_view
from govkpi.results.validation import number
from govkpi.scorecards.errors import ScorecardError
from govkpi.strategy import progress
from govkpi.strategy.models import Plan, PlanItem, Project, ProjectProgress
from govkpi.strategy.pages import NotFound, project_page
from govkpi.strategy.progress import ProgressEntry
from govkpi.strategy.services import StrategyError, budget, plan_progress

from ..http import PUBLIC, PageNumber, Rows, finite, invalid, not_found, responses
from ._records import fiscal_year_param, subtree
from .results import ReasonIn
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


class ProgressOut(Schema):
    period: str = Field(description="A quarter or month of the project's fiscal year.")
    disbursed: float = Field(description="Baht paid in the period.")
    cumulative: float = Field(description="Baht paid up to the end of the period (approved reports).")
    committed: float | None = Field(description="Baht obligated, not yet paid, at the end of the period.")
    progress: float | None = Field(description="Physical progress at the end of the period, 0–100 %.")
    status: str | None
    problems: str
    suggestions: str


class QuarterOut(Open):
    quarter: str
    disbursed: float | None = Field(description="Baht paid by the end of the quarter; null before any report.")
    rate: float | None
    target_rate: float | None
    behind: bool


class ProjectDetail(ProjectOut):
    progress: list[ProgressOut] = Field(description="Approved progress reports, in order of their periods.")
    quarters: list[QuarterOut] = Field(description="Cumulative disbursement against the target, as `govkpi budget`.")


@projects_router.get("/{code}", response=responses(ProjectDetail), auth=PUBLIC,
                     summary="A project with its approved progress and disbursement against the target")
def get_project(request: HttpRequest, code: str) -> Any:
    try:
        page = project_page(code)
    except NotFound as error:
        raise not_found() from error
    progress = [{"period": p["row"].period, "disbursed": p["row"].disbursed, "cumulative": p["cumulative"],
                 "committed": p["row"].committed, "progress": p["row"].progress, "status": p["row"].status or None,
                 "problems": p["row"].problems, "suggestions": p["row"].suggestions} for p in page["periods"]]
    quarters = [{"quarter": q["code"], "disbursed": q["disbursed"], "rate": q["rate"], "target_rate": q["target_rate"],
                 "behind": q["behind"]} for q in page["quarters"]]
    return _json(serialize_project(page["project"]) | {"progress": progress, "quarters": quarters})


# --- reporting progress (the entry page's and approvers' actions: govkpi.strategy.progress) -----------------------


Number = float | int | str | None  # numbers may come as text: "1,234.5", Thai digits


class ProgressIn(Schema):
    period: str = Field("", description="Required: a quarter or month of the project's fiscal year (2565-Q3, "
                                        "2565-M01).")
    disbursed: Number = Field(None, description="Required: baht paid in the period (0 when nothing was).")
    committed: Number = None
    progress: Number = Field(None, description="Physical progress at the end of the period, 0–100, never lower "
                                               "than an earlier period's.")
    status: str = Field("", description="not_started, on_track, delayed, completed, cancelled, or empty.")
    problems: str = ""
    suggestions: str = ""


class ProgressReportOut(Schema):
    id: int
    project: str
    period: str
    state: str = Field(description="draft, submitted, approved or returned.")
    disbursed: float
    committed: float | None
    progress: float | None
    status: str
    problems: str
    suggestions: str
    return_reason: str


def serialize_report(row: ProjectProgress) -> dict[str, Any]:
    return {"id": row.pk, "project": row.project.code, "period": row.period, "state": row.state,
            "disbursed": row.disbursed, "committed": row.committed, "progress": row.progress, "status": row.status,
            "problems": row.problems, "suggestions": row.suggestions, "return_reason": row.return_reason}


def _visible_project(request: HttpRequest, code: str) -> Project:
    project = Project.objects.select_related("org").filter(code=code).first()
    if project is None or not can_view(request.user, project.org):
        raise not_found()
    return project


def _visible_report(request: HttpRequest, code: str, period: str) -> ProjectProgress:
    row = (ProjectProgress.objects.select_related("project__org")
           .filter(project__code=code, period=period.strip()).first())
    if row is None or not can_view(request.user, row.project.org):
        raise not_found()
    return row


@projects_router.post("/{code}/progress", response={200: ProgressReportOut, 201: ProgressReportOut,
                                                      **responses(ProgressReportOut, extra=(409,))},
                      summary="Save a draft progress report of a project")
def save_report(request: HttpRequest, code: str, payload: ProgressIn) -> Any:
    project = _visible_project(request, code)
    errors: dict[str, list[str]] = {}
    if not payload.period.strip():
        errors["period"] = [_("This field is required.")]
    values = {name: number(getattr(payload, name), name, errors) for name in ("disbursed", "committed", "progress")}
    if errors:
        raise ValidationError(errors)
    existed = ProjectProgress.objects.filter(project=project, period=payload.period.strip()).exists()
    entry = ProgressEntry(values["disbursed"], values["committed"], values["progress"], payload.status.strip(),
                          payload.problems, payload.suggestions)
    row = progress.save_progress(project=project, period=payload.period.strip(), entry=entry,
                                 acting_user=request.user, channel="api")
    return Status(200 if existed else 201, serialize_report(row))


REPORT_TRANSITION = responses(ProgressReportOut, extra=(409,))


@projects_router.post("/{code}/progress/{period}/submit", response=REPORT_TRANSITION,
                      summary="Submit a project's progress report for approval")
def submit_report(request: HttpRequest, code: str, period: str) -> Any:
    row = _visible_report(request, code, period)
    return serialize_report(progress.submit_progress(row, acting_user=request.user, channel="api"))


@projects_router.post("/{code}/progress/{period}/approve", response=REPORT_TRANSITION,
                      summary="Approve a submitted progress report (not one you submitted)")
def approve_report(request: HttpRequest, code: str, period: str) -> Any:
    row = _visible_report(request, code, period)
    return serialize_report(progress.approve_progress(row, acting_user=request.user, channel="api"))


@projects_router.post("/{code}/progress/{period}/return", response=REPORT_TRANSITION,
                      summary="Return a submitted progress report with a reason")
def return_report(request: HttpRequest, code: str, period: str, payload: ReasonIn | None = None) -> Any:
    row = _visible_report(request, code, period)
    return serialize_report(progress.return_progress(row, acting_user=request.user, channel="api",
                                                     reason=payload.reason if payload else ""))


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


"""What the public budget and plan pages show, built from the same services as the commands.

* :func:`budget_page` — the `govkpi budget` object of a year with names for goals, organisations and projects.
* :func:`project_page` — a project, its approved progress per period and its disbursement curve against the target.
* :func:`plan_page` — a plan, the plans it serves, its items as a tree (each with the items of other plans it
  serves, the items that serve it, and its goals with their indicators' status in the latest scored year), and the
  `govkpi plan progress` lines of its targets.

Both raise :class:`NotFound` for what does not exist; neither fails on what the database holds.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from govkpi.core.budget import ProgressRow, project_row
from govkpi.core.budget import Project as BudgetProject
from govkpi.core.periods import Period, PeriodError, PeriodKind, parse_period
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Goal, Indicator
from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.labels import status_label as score_status_label
from govkpi.scorecards.services import fiscal_years, root_org, score_org

from .charts import disbursement_curve
from .choices import BudgetSource, PlanLevel, ProjectKind
from .labels import progress_label, status_label
from .models import DisbursementTarget, Plan, PlanItem, Project
from .services import StrategyError, approved_progress, budget, plan_progress


class NotFound(Exception):
    """The page asked for does not exist."""


def _name(th: str, en: str) -> str:
    return en if get_language() == "en" and en else th


def period_label(code: str | None) -> str:
    if not code:
        return "–"
    try:
        return parse_period(code).label("en" if get_language() == "en" else "th")
    except PeriodError:
        return code


def budget_page(year: int, as_of: str | None = None) -> dict[str, Any]:
    try:
        report = budget(year, as_of)
    except (StrategyError, ScorecardError) as error:
        raise NotFound(str(error)) from error
    shown_orgs, shown_projects = _shown(report["orgs"]), _shown(report["projects"])
    projects = {p.code: p for p in Project.objects.filter(
        fiscal_year=report["fiscal_year"], code__in=[row["code"] for row in shown_projects]).select_related("org")}
    goals = {code: _name(th, en) for code, th, en in Goal.objects.values_list("code", "title_th", "title_en")}
    orgs = {code: _name(th, en) for code, th, en in
            OrgUnit.objects.filter(code__in=[row["org"] for row in shown_orgs]).values_list(
                "code", "name_th", "name_en")}
    for row in report["goals"]:
        row["name"] = goals.get(row["goal"], "") if row["goal"] else _("Not linked to a goal")
    for row in shown_orgs:
        row["name"] = orgs.get(row["org"], row["org"])
    for row in shown_projects:
        project = projects.get(row["code"])
        row["title"] = project.title if project else ""
        row["org_name"] = project.org.name if project else row["org"]
        row["status_label"] = status_label(row["status"])
        row["cancelled"] = row["status"] == "cancelled"
    quarters = [Period(report["fiscal_year"], PeriodKind.QUARTER, index) for index in range(1, 5)]
    return {
        "report": report,
        "year": report["fiscal_year"],
        "as_of_label": period_label(report["as_of"]),
        "quarters": [{"code": q.code, "label": period_label(q.code), "current": q.code == report["as_of"]}
                     for q in quarters],
        "behind_count": sum(1 for row in report["projects"] if row["behind"] and row["status"] != "cancelled"),
        "shown_orgs": shown_orgs,
        "shown_projects": shown_projects,
    }


PAGE_ROWS = 300
"""At most so many organisations and projects are listed on the page (a national year has 80,000 projects): those
behind their target first, furthest behind first; the open data carry every row."""


def _shown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(rows) <= PAGE_ROWS:
        return rows

    def gap(row: dict[str, Any]) -> float:
        if not row["behind"] or row.get("status") == "cancelled":
            return 0.0
        return float(row["target_rate"] or 0) - float(row["rate"] or 0)

    return sorted(rows, key=gap, reverse=True)[:PAGE_ROWS]


def _statuses() -> tuple[int | None, dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The latest scored year and the province's goal and indicator lines of it (empty when nothing is scored)."""
    years = fiscal_years()
    if not years:
        return None, {}, {}
    try:
        card = score_org(years[0], root_org())
    except ScorecardError:
        return years[0], {}, {}
    return (years[0], {row["code"]: row for row in card["goals"]}, {row["code"]: row for row in card["indicators"]})


def budget_years() -> list[int]:
    """Fiscal years with projects, newest first."""
    return list(Project.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())


def index_page() -> dict[str, Any]:
    """Every plan, from the national strategy down, and the years that have a budget page."""
    plans = list(Plan.objects.select_related("parent").order_by("start_year", "code"))
    levels = {str(value): label for value, label in PlanLevel.choices}
    order = {str(value): n for n, value in enumerate(PlanLevel.values)}
    plans.sort(key=lambda plan: (order.get(plan.level, len(order)), plan.start_year, plan.code))
    return {"plans": [{"plan": plan, "level_label": levels.get(plan.level, plan.level)} for plan in plans],
            "budget_years": budget_years()}


def plan_page(code: str) -> dict[str, Any]:
    plan = Plan.objects.select_related("parent__parent__parent").filter(code=code).first()
    if plan is None:
        raise NotFound(code)
    chain, parent = [], plan.parent
    while parent is not None and parent not in chain and len(chain) < 10:
        chain.append(parent)
        parent = parent.parent
    linked = PlanItem.objects.select_related("plan").order_by("plan__start_year", "plan__code", "pk")
    items = list(plan.items.prefetch_related(
        Prefetch("aligns", queryset=linked), Prefetch("served_by", queryset=linked), "goals",
        Prefetch("projects", queryset=Project.objects.order_by("-fiscal_year", "code"))).order_by("pk"))
    year, goal_lines, indicator_lines = _statuses()
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    goal_ids = {goal.pk for item in items for goal in item.goals.all()}
    for indicator in Indicator.objects.filter(goal_id__in=goal_ids).order_by("code"):
        indicators[indicator.goal_id].append(indicator)
    children: dict[int | None, list[PlanItem]] = defaultdict(list)
    for item in sorted(items, key=lambda i: [int(part) if part.isdigit() else 0 for part in i.code.split(".")]):
        children[item.parent_id].append(item)

    def node(item: PlanItem) -> dict[str, Any]:
        goals = []
        for goal in item.goals.all():
            line = goal_lines.get(goal.code, {})
            goals.append({
                "goal": goal, "status": line.get("status"), "status_label": score_status_label(line["status"])
                if line.get("status") else None,
                "indicators": [{"indicator": indicator,
                                "status": indicator_lines.get(indicator.code, {}).get("status"),
                                "status_label": score_status_label(indicator_lines[indicator.code]["status"])
                                if indicator.code in indicator_lines else None}
                               for indicator in indicators[goal.pk]],
            })
        return {"item": item, "aligns": list(item.aligns.all()), "served_by": list(item.served_by.all()),
                "projects": list(item.projects.all()),
                "goals": goals, "children": [node(child) for child in children.get(item.pk, [])]}

    try:
        progress = plan_progress(plan.code)
    except ScorecardError:  # no organisation yet: no targets to follow
        progress = {"plan": plan.code, "org": None, "indicators": []}
    codes = [line["indicator"] for line in progress["indicators"]]
    names = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=codes)}
    for line in progress["indicators"]:
        line["name"] = names[line["indicator"]].name if line["indicator"] in names else ""
        line["unit"] = names[line["indicator"]].unit if line["indicator"] in names else ""
        line["status_label"] = progress_label(line["status"])
    return {
        "plan": plan,
        "level_label": PlanLevel(plan.level).label if plan.level in PlanLevel.values else plan.level,
        "chain": list(reversed(chain)),
        "children_plans": list(plan.children.order_by("code")),
        "tree": [node(item) for item in children.get(None, [])],
        "scored_year": year,
        "progress": progress,
    }


def _progress_rows(rows: list[Any]) -> list[tuple[Any, Period]]:
    """(row, its period) of the rows whose period parses, in order of the period's end (a row no rule accepts is
    left out of the page, never a 500)."""
    found = []
    for row in rows:
        try:
            found.append((row, parse_period(row.period)))
        except PeriodError:
            continue
    return sorted(found, key=lambda pair: (pair[1].end, pair[1].start))


def project_page(code: str, digits: str = "arabic") -> dict[str, Any]:
    """A project: what it serves, its approved progress per period (disbursed, cumulative, committed, physical
    progress, status, problems and suggestions) and its cumulative disbursement per quarter against the target —
    each quarter's figures by :func:`govkpi.core.budget.project_row`, as `govkpi budget` computes them."""
    project = (Project.objects.select_related("org", "goal", "plan_item__plan").prefetch_related("indicators")
               .filter(code=code).first())
    if project is None:
        raise NotFound(code)
    rows = _progress_rows(list(approved_progress().filter(project=project).order_by()))
    budget_rows = tuple(ProgressRow(period, row.disbursed, row.progress, row.status or None, row.committed)
                        for row, period in rows if period.fiscal_year == project.fiscal_year)
    line = BudgetProject(project.code, project.org.code, project.allocated, None, project.kind or None, budget_rows)
    shares = {(period, kind): share for period, kind, share in DisbursementTarget.objects.filter(
        fiscal_year=project.fiscal_year).values_list("period", "kind", "share")}
    latest_end = max((row.period.end for row in budget_rows), default=None)
    quarters = []
    for index in range(1, 5):
        quarter = Period(project.fiscal_year, PeriodKind.QUARTER, index)
        figures = project_row(line, quarter, shares)
        reported = latest_end is not None and quarter.end <= latest_end
        quarters.append({**figures, "code": quarter.code, "label": period_label(quarter.code), "reported": reported,
                         "rate": figures["rate"] if reported else None,
                         "disbursed": figures["disbursed"] if reported else None,
                         "behind": figures["behind"] and reported,
                         "target_baht": figures["target_rate"] * project.allocated
                         if figures["target_rate"] is not None else None})
    periods, running = [], 0.0
    for row, period in rows:
        running += row.disbursed or 0
        periods.append({"row": row, "label": period_label(period.code), "cumulative": running,
                        "status_label": status_label(row.status)})
    chart = None
    if project.allocated and any(q["rate"] is not None or q["target_rate"] is not None for q in quarters):
        chart = mark_safe(disbursement_curve(  # noqa: S308 (every text is escaped by the builder)
            _("Cumulative disbursement of %(code)s against the target") % {"code": project.code},
            _("Share of the allocation disbursed by the end of each quarter, against the cumulative disbursement "
              "target. The table below gives the same figures."),
            [q["label"] for q in quarters], [q["rate"] for q in quarters], [q["target_rate"] for q in quarters],
            (_("Disbursed"), _("Target")), digits))
    return {"project": project, "indicators": list(project.indicators.all()), "quarters": quarters,
            "periods": periods, "chart": chart, "kind_label": ProjectKind(project.kind).label
            if project.kind in ProjectKind.values else "", "source_label": BudgetSource(project.budget_source).label
            if project.budget_source in BudgetSource.values else ""}

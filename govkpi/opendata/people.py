"""The open datasets for people: the same rows as the CSV and JSON, with headers in the active language, a name
beside every code, labels instead of stored statuses and categories, and dates as dates.

Each builder takes the dataset's rows (:meth:`Dataset.rows`, the one reading) and gives a :class:`Table`; names
are looked up once per file (one query per kind of code).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from govkpi.awards.choices import AwardCategory
from govkpi.dashboards.labels import group_label, metric_label
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Goal, Indicator
from govkpi.scorecards.labels import status_label
from govkpi.strategy.choices import BudgetSource, PlanLevel, ProjectKind
from govkpi.strategy.labels import status_label as project_status_label
from govkpi.strategy.models import Plan, Project

from .datasets import Dataset, Row
from .tables import Column, Table


def _names(model: Any, codes: set[str], th: str, en: str) -> dict[str, str]:
    """Code → name in the active language (Thai when there is no English name)."""
    english = get_language() == "en"
    found = model.objects.filter(code__in=codes).values_list("code", th, en)
    return {code: (name_en if english and name_en else name_th) or "" for code, name_th, name_en in found}


def _orgs(codes: set[str]) -> dict[str, str]:
    return _names(OrgUnit, codes, "name_th", "name_en")


def _level(level: str) -> str:
    return {"overall": _("Overall"), "goal": _("Goal"), "indicator": _("Indicator")}.get(level, level)


def _scorecards(rows: list[Row]) -> tuple[list[Column], list[list[Any]]]:
    orgs = _orgs({r["org"] for r in rows})
    goals = _names(Goal, {r["goal"] for r in rows if r["goal"]}, "title_th", "title_en")
    indicators = _names(Indicator, {r["code"] for r in rows if r["level"] == "indicator"}, "name_th", "name_en")
    columns = [
        Column(_("Fiscal year"), "year"), Column(_("Organisation code")), Column(_("Organisation")),
        Column(_("Level")), Column(_("Code")), Column(_("Name")), Column(_("Goal")), Column(_("Score"), "score"),
        Column(_("Status")), Column(_("Coverage"), "percent"), Column(_("Value"), "figure"),
    ]
    lines = []
    for r in rows:
        name = goals.get(r["code"], "") if r["level"] == "goal" else indicators.get(r["code"], "")
        lines.append([
            r["fiscal_year"], r["org"], orgs.get(r["org"], r["org_name_th"]), _level(r["level"]), r["code"],
            name, r["goal"], r["score"], status_label(r["status"]) if r["status"] else None, r["coverage"],
            r["value"],
        ])
    return columns, lines


def _results(rows: list[Row]) -> tuple[list[Column], list[list[Any]]]:
    orgs = _orgs({r["org"] for r in rows})
    indicators = _names(Indicator, {r["indicator"] for r in rows}, "name_th", "name_en")
    columns = [
        Column(_("Fiscal year"), "year"), Column(_("Indicator code")), Column(_("Indicator")), Column(_("Goal")),
        Column(_("Organisation code")), Column(_("Organisation")), Column(_("Period")), Column(_("Value"), "figure"),
        Column(_("Numerator"), "figure"), Column(_("Denominator"), "figure"), Column(_("Unit")),
        Column(_("Evidence")),
    ]
    lines = [
        [r["fiscal_year"], r["indicator"], indicators.get(r["indicator"], ""), r["goal"], r["org"],
         orgs.get(r["org"], ""), r["period"], r["value"], r["numerator"], r["denominator"], r["unit"],
         r["evidence_url"]]
        for r in rows
    ]
    return columns, lines


def _assessments(rows: list[Row]) -> tuple[list[Column], list[list[Any]]]:
    orgs = _orgs({r["org"] for r in rows})
    columns = [
        Column(_("Fiscal year"), "year"), Column(_("Framework")), Column(_("Organisation code")),
        Column(_("Organisation")), Column(_("Score"), "score"), Column(_("Level")), Column(_("Rank"), "count"),
        Column(_("Ranked among")), Column(_("Component scores")),
    ]
    lines = [
        [r["fiscal_year"], str(r["framework"]).upper(), r["org"], orgs.get(r["org"], r["org_name_th"]), r["score"],
         r["level"], r["rank"], group_label(r["rank_group"]) if r["rank_group"] else "", r["components"]]
        for r in rows
    ]
    return columns, lines


def _awards(rows: list[Row]) -> tuple[list[Column], list[list[Any]]]:
    orgs = _orgs({r["recipient"] for r in rows})
    categories = dict(AwardCategory.choices)
    english = get_language() == "en"
    columns = [
        Column(_("Fiscal year"), "year"), Column(_("Category")), Column(_("Award")), Column(_("Issued by")),
        Column(_("Organisation code")), Column(_("Organisation")), Column(_("Level")), Column(_("Date"), "date"),
        Column(_("Number of awards"), "count"),
    ]
    lines = [
        [r["fiscal_year"], str(categories.get(r["category"], r["category"])),
         (r["title_en"] if english and r["title_en"] else r["title_th"]), r["issuer"], r["recipient"],
         orgs.get(r["recipient"], r["recipient_name_th"]), r["level"], r["date"], r["quantity"]]
        for r in rows
    ]
    return columns, lines


def _claims(rows: list[Row]) -> tuple[list[Column], list[list[Any]]]:
    columns = [Column(_("Fiscal year"), "year"), Column(_("Code")), Column(_("What it measures")),
               Column(_("Value"), "figure"), Column(_("Source"))]
    return columns, [[r["fiscal_year"], r["metric"], metric_label(r["metric"]), r["value"], r["source"]] for r in rows]


def _events(rows: list[Row]) -> tuple[list[Column], list[list[Any]]]:
    columns = [
        Column(_("Fiscal year"), "year"), Column(_("Event")), Column(_("Date"), "date"), Column(_("Time")),
        Column(_("Place")), Column(_("Presided by")), Column(_("Position")), Column(_("Recording")),
    ]
    lines = [[r["fiscal_year"], r["title_th"], r["date"], r["time"], r["place"], r["presiding"],
              r["presiding_position"], r["recording_url"]] for r in rows]
    return columns, lines


def _title(r: Row) -> str:
    return str(r["title_en"] if get_language() == "en" and r["title_en"] else r["title_th"])


def _choice(choices: Any, value: str | None) -> str:
    return str(dict(choices.choices).get(value, value or ""))


def _plans(rows: list[Row]) -> tuple[list[Column], list[list[Any]]]:
    columns = [Column(_("Code")), Column(_("Title")), Column(_("Level")), Column(_("First year"), "year"),
               Column(_("Last year"), "year"), Column(_("Serves plan"))]
    return columns, [[r["code"], _title(r), _choice(PlanLevel, r["level"]), r["start_year"], r["end_year"],
                      r["parent"]] for r in rows]


def _plan_items(rows: list[Row]) -> tuple[list[Column], list[list[Any]]]:
    plans = _names(Plan, {r["plan"] for r in rows}, "title_th", "title_en")
    columns = [Column(_("Plan code")), Column(_("Plan")), Column(_("Code")), Column(_("Title")),
               Column(_("Parent item")), Column(_("Serves items of other plans")), Column(_("Goals"))]
    return columns, [[r["plan"], plans.get(r["plan"], ""), r["code"], _title(r), r["parent"], r["aligns"],
                      r["goals"]] for r in rows]


def _targets(rows: list[Row]) -> tuple[list[Column], list[list[Any]]]:
    orgs = _orgs({r["org"] for r in rows if r["org"]})
    indicators = _names(Indicator, {r["indicator"] for r in rows}, "name_th", "name_en")
    columns = [Column(_("Fiscal year"), "year"), Column(_("Indicator code")), Column(_("Indicator")),
               Column(_("Goal")), Column(_("Organisation code")), Column(_("Organisation")),
               Column(_("Target"), "figure"), Column(_("Plan"))]
    return columns, [[r["fiscal_year"], r["indicator"], indicators.get(r["indicator"], ""), r["goal"], r["org"],
                      orgs.get(r["org"], "") if r["org"] else _("All organisations"), r["target"], r["plan"]]
                     for r in rows]


def _projects(rows: list[Row]) -> tuple[list[Column], list[list[Any]]]:
    orgs = _orgs({r["org"] for r in rows})
    columns = [Column(_("Fiscal year"), "year"), Column(_("Code")), Column(_("Title")),
               Column(_("Organisation code")), Column(_("Organisation")), Column(_("Goal")), Column(_("Plan item")),
               Column(_("Indicators")), Column(_("Budget source")), Column(_("Kind")),
               Column(_("Allocated (baht)"), "number"), Column(_("Start"), "date"), Column(_("End"), "date")]
    return columns, [[r["fiscal_year"], r["code"], _title(r), r["org"], orgs.get(r["org"], r["org_name_th"]),
                      r["goal"], r["plan_item"], r["indicators"], _choice(BudgetSource, r["budget_source"]),
                      _choice(ProjectKind, r["kind"]), r["allocated"], r["start"], r["end"]] for r in rows]


def _project_progress(rows: list[Row]) -> tuple[list[Column], list[list[Any]]]:
    titles = _names(Project, {r["project"] for r in rows}, "title_th", "title_en")
    columns = [Column(_("Fiscal year"), "year"), Column(_("Project code")), Column(_("Project")),
               Column(_("Organisation code")), Column(_("Period")), Column(_("Disbursed (baht)"), "number"),
               Column(_("Committed (baht)"), "number"), Column(_("Physical progress (%)"), "number"),
               Column(_("Status"))]
    return columns, [[r["fiscal_year"], r["project"], titles.get(r["project"], ""), r["org"], r["period"],
                      r["disbursed"], r["committed"], r["progress"],
                      project_status_label(r["status"]) if r["status"] else ""] for r in rows]


def _budget(rows: list[Row]) -> tuple[list[Column], list[list[Any]]]:
    orgs = _orgs({r["code"] for r in rows if r["level"] == "org"})
    goals = _names(Goal, {r["code"] for r in rows if r["level"] == "goal" and r["code"]}, "title_th", "title_en")

    def name(r: Row) -> str:
        if r["level"] == "total":
            return _("Total")
        if r["level"] == "org":
            return orgs.get(r["code"], "")
        return goals.get(r["code"], "") if r["code"] else _("No goal")

    columns = [Column(_("Fiscal year"), "year"), Column(_("As of")), Column(_("Level")), Column(_("Code")),
               Column(_("Name")), Column(_("Projects"), "count"), Column(_("Allocated (baht)"), "number"),
               Column(_("Disbursed (baht)"), "number"), Column(_("Disbursement rate"), "percent"),
               Column(_("Target rate"), "percent"), Column(_("Behind the target"))]
    levels = {"total": _("Total"), "goal": _("Goal"), "org": _("Organisation")}
    return columns, [[r["fiscal_year"], r["as_of"], levels.get(r["level"], r["level"]), r["code"], name(r),
                      r["projects"], r["allocated"], r["disbursed"], r["rate"], r["target_rate"],
                      _("Yes") if r["behind"] else _("No")] for r in rows]


BUILDERS: dict[str, Callable[[list[Row]], tuple[list[Column], list[list[Any]]]]] = {
    "scorecards": _scorecards,
    "results": _results,
    "assessments": _assessments,
    "awards": _awards,
    "plans": _plans,
    "plan_items": _plan_items,
    "targets": _targets,
    "projects": _projects,
    "project_progress": _project_progress,
    "budget": _budget,
    "claims": _claims,
    "events": _events,
}


def people_table(dataset: Dataset, rows: list[Row]) -> Table:
    columns, lines = BUILDERS[dataset.name](rows)
    return Table(dataset.name, str(dataset.title), columns, lines)

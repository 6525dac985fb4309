"""The open datasets: scorecards, results, assessments, awards, the strategy cycle (plans, plan items, targets,
projects, their progress and the budget figures of `govkpi budget`) and the claims and events the documents cite.

Each :class:`Dataset` names its fields with a Table Schema type and a description, lists the filters it accepts
and yields plain rows (dicts of str, int, float, None) in a stable order. Only approved results are published. A
number no file format carries — infinity or NaN, which only SQL or a restore can have stored (`govkpi check-data`
lists such rows) — is published as empty, like a missing value: CSV, JSON and XLSX stay readable.
Every export format — CSV, XLSX, JSON, the data package, CKAN, the record pages — reads rows from here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from govkpi.assessments.models import Assessment
from govkpi.awards.models import Award
from govkpi.claims.models import Claim
from govkpi.events.models import Event
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result
from govkpi.scorecards.bulk import iter_cards
from govkpi.scorecards.services import ScorecardError, find_org, fiscal_years, score_org
from govkpi.strategy.models import Plan, PlanItem, Project, Target
from govkpi.strategy.services import approved_progress, budget

Row = dict[str, Any]


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema: string, integer, number, date
    description: str


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Promise
    description: Promise
    fields: tuple[Field, ...]
    filters: tuple[str, ...]
    read: Callable[[dict[str, str]], Iterator[Row]]

    @property
    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]

    def rows(self, filters: dict[str, str] | None = None) -> list[Row]:
        wanted = {key: value for key, value in (filters or {}).items() if key in self.filters and value != ""}
        return [_finite(row) for row in self.read(wanted)]


def _finite(row: Row) -> Row:
    """The row with every infinity or NaN as None (no CSV reader, JSON parser or spreadsheet takes them)."""
    if any(isinstance(value, float) and not math.isfinite(value) for value in row.values()):
        return {key: None if isinstance(value, float) and not math.isfinite(value) else value
                for key, value in row.items()}
    return row


def _year(filters: dict[str, str]) -> dict[str, Any]:
    value = filters.get("fiscal_year")
    return {"fiscal_year": int(value)} if value and value.isdigit() else ({"pk__in": []} if value else {})


def _cards(year: int, org: str | None) -> list[dict[str, Any]]:
    """Every organisation's scorecard (the bulk engine: the core's cards, on columns), or one organisation's."""
    if not org:
        return list(iter_cards(year))
    try:
        return [score_org(year, find_org(org))]
    except ScorecardError:
        return []


def _scorecards(filters: dict[str, str]) -> Iterator[Row]:
    years = [int(filters["fiscal_year"])] if filters.get("fiscal_year", "").isdigit() else sorted(fiscal_years())
    for year in years:
        for card in _cards(year, filters.get("org")):
            base = {"fiscal_year": year, "org": card["org"], "org_name_th": card["org_name_th"]}
            items = [("overall", "", card["overall"], None)]
            items += [("goal", goal["code"], goal, None) for goal in card["goals"]]
            items += [("indicator", ind["code"], ind, ind.get("value")) for ind in card["indicators"]]
            for level, code, item, value in items:
                goal = code if level == "goal" else (item.get("goal", "") if level == "indicator" else "")
                if filters.get("goal") and goal != filters["goal"]:
                    continue
                yield {
                    **base,
                    "level": level,
                    "code": code,
                    "goal": goal,
                    "score": item.get("score"),
                    "status": item.get("status"),
                    "coverage": item.get("coverage"),
                    "value": value,
                }


def _results(filters: dict[str, str]) -> Iterator[Row]:
    query = Result.objects.filter(status=ResultStatus.APPROVED, **_year(filters))
    if filters.get("org"):
        query = query.filter(org__code=filters["org"])
    if filters.get("indicator"):
        query = query.filter(indicator__code=filters["indicator"])
    query = query.order_by("fiscal_year", "indicator__code", "org__code", "period").values_list(
        "fiscal_year",
        "indicator__code",
        "indicator__goal__code",
        "org__code",
        "period",
        "value",
        "numerator",
        "denominator",
        "indicator__unit",
        "evidence_url",
    )
    names = (
        "fiscal_year",
        "indicator",
        "goal",
        "org",
        "period",
        "value",
        "numerator",
        "denominator",
        "unit",
        "evidence_url",
    )
    for values in query.iterator(chunk_size=5000):
        yield dict(zip(names, values, strict=True))


def _assessments(filters: dict[str, str]) -> Iterator[Row]:
    query = Assessment.objects.filter(**_year(filters)).select_related("org")
    if filters.get("framework"):
        query = query.filter(framework=filters["framework"])
    if filters.get("org"):
        query = query.filter(org__code=filters["org"])
    for a in query.order_by("fiscal_year", "framework", "org__code"):
        yield {
            "fiscal_year": a.fiscal_year,
            "framework": a.framework,
            "org": a.org.code,
            "org_name_th": a.org.name_th,
            "score": a.score,
            "level": a.level,
            "rank": a.rank,
            "rank_group": a.rank_group,
            "components": json.dumps(a.components, ensure_ascii=False, sort_keys=True) if a.components else "",
        }


def _awards(filters: dict[str, str]) -> Iterator[Row]:
    query = Award.objects.filter(**_year(filters)).select_related("recipient")
    if filters.get("category"):
        query = query.filter(category=filters["category"])
    if filters.get("recipient"):
        query = query.filter(recipient__code=filters["recipient"])
    for a in query.order_by("fiscal_year", "category", "recipient__code", "title_th"):
        yield {
            "fiscal_year": a.fiscal_year,
            "category": a.category,
            "title_th": a.title_th,
            "title_en": a.title_en,
            "issuer": a.issuer,
            "recipient": a.recipient.code,
            "recipient_name_th": a.recipient.name_th,
            "level": a.level,
            "date": a.date.isoformat() if a.date else None,
            "quantity": a.quantity,
        }


def _claims(filters: dict[str, str]) -> Iterator[Row]:
    for c in Claim.objects.filter(**_year(filters)).order_by("fiscal_year", "metric"):
        yield {"fiscal_year": c.fiscal_year, "metric": c.metric, "value": c.value, "source": c.source}


def _events(filters: dict[str, str]) -> Iterator[Row]:
    for e in Event.objects.filter(**_year(filters)).order_by("fiscal_year", "date", "time"):
        yield {
            "fiscal_year": e.fiscal_year,
            "title_th": e.title_th,
            "date": e.date.isoformat(),
            "time": e.time,
            "place": e.place,
            "presiding": e.presiding,
            "presiding_position": e.presiding_position,
            "recording_url": e.recording_url,
        }


def _plans(filters: dict[str, str]) -> Iterator[Row]:
    query = Plan.objects.order_by("code")
    if filters.get("level"):
        query = query.filter(level=filters["level"])
    names = ("code", "title_th", "title_en", "level", "start_year", "end_year", "parent")
    for values in query.values_list("code", "title_th", "title_en", "level", "start_year", "end_year",
                                    "parent__code"):
        yield dict(zip(names, values, strict=True))


def _plan_items(filters: dict[str, str]) -> Iterator[Row]:
    """Each item with the items it serves (``aligns``, ``PLAN:ITEM``) and its goals, sorted, space-separated."""
    query = PlanItem.objects.select_related("plan", "parent").prefetch_related("aligns__plan", "goals")
    if filters.get("plan"):
        query = query.filter(plan__code=filters["plan"])
    for item in query.order_by("plan__code", "code"):
        yield {
            "plan": item.plan.code,
            "code": item.code,
            "title_th": item.title_th,
            "title_en": item.title_en,
            "parent": item.parent.code if item.parent else None,
            "aligns": " ".join(sorted(other.reference for other in item.aligns.all())),
            "goals": " ".join(sorted(goal.code for goal in item.goals.all())),
        }


def _targets(filters: dict[str, str]) -> Iterator[Row]:
    query = Target.objects.filter(**_year(filters))
    if filters.get("indicator"):
        query = query.filter(indicator__code=filters["indicator"])
    if filters.get("org"):
        query = query.filter(org__code=filters["org"])
    names = ("fiscal_year", "indicator", "goal", "org", "target", "plan")
    for values in query.order_by("fiscal_year", "indicator__code", "org__code").values_list(
            "fiscal_year", "indicator__code", "indicator__goal__code", "org__code", "target", "plan__code"):
        yield dict(zip(names, values, strict=True))


def _projects(filters: dict[str, str]) -> Iterator[Row]:
    query = Project.objects.filter(**_year(filters)).select_related("org", "goal", "plan_item__plan")
    if filters.get("org"):
        query = query.filter(org__code=filters["org"])
    if filters.get("goal"):
        query = query.filter(goal__code=filters["goal"])
    for p in query.prefetch_related("indicators").order_by("fiscal_year", "code").iterator(chunk_size=2000):
        yield {
            "fiscal_year": p.fiscal_year,
            "code": p.code,
            "title_th": p.title_th,
            "title_en": p.title_en,
            "org": p.org.code,
            "org_name_th": p.org.name_th,
            "goal": p.goal.code if p.goal else None,
            "plan_item": p.plan_item.reference if p.plan_item else None,
            "indicators": " ".join(sorted(indicator.code for indicator in p.indicators.all())),
            "budget_source": p.budget_source,
            "kind": p.kind,
            "allocated": p.allocated,
            "start": p.start.isoformat() if p.start else None,
            "end": p.end.isoformat() if p.end else None,
        }


def _project_progress(filters: dict[str, str]) -> Iterator[Row]:
    # only what counts in `govkpi budget`: drafts, submitted and returned reports are not published
    query = approved_progress().filter(**{f"project__{k}": v for k, v in _year(filters).items()})
    if filters.get("project"):
        query = query.filter(project__code=filters["project"])
    if filters.get("org"):
        query = query.filter(project__org__code=filters["org"])
    names = ("fiscal_year", "project", "org", "period", "disbursed", "committed", "progress", "status")
    for values in query.order_by("project__fiscal_year", "project__code", "period").values_list(
            "project__fiscal_year", "project__code", "project__org__code", "period", "disbursed", "committed",
            "progress", "status").iterator(chunk_size=5000):
        yield dict(zip(names, values, strict=True))


def _budget(filters: dict[str, str]) -> Iterator[Row]:
    """The totals of `govkpi budget` (:func:`govkpi.strategy.services.budget`) per year: overall, per goal, per
    organisation, as of the year's default quarter."""
    years = sorted(set(Project.objects.values_list("fiscal_year", flat=True)))
    if filters.get("fiscal_year"):
        years = [year for year in years if str(year) == filters["fiscal_year"]]
    for year in years:
        report = budget(year)
        groups = [("total", None, report["totals"])]
        groups += [("goal", g["goal"], g) for g in report["goals"]]
        groups += [("org", o["org"], o) for o in report["orgs"]]
        for level, code, figures in groups:
            yield {"fiscal_year": year, "as_of": report["as_of"], "level": level, "code": code,
                   **{name: figures[name] for name in ("projects", "allocated", "disbursed", "rate", "target_rate")},
                   "behind": int(figures["behind"])}


def _f(name: str, kind: str, description: str) -> Field:
    return Field(name, kind, description)


FY = _f("fiscal_year", "integer", "Buddhist-Era fiscal year (1 October – 30 September)")
ORG = _f("org", "string", "organisation code (province 54, district 5401, …)")

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "scorecards",
            _("Scorecards"),
            _("Scores of every organisation: overall, per goal and per indicator."),
            (
                FY,
                ORG,
                _f("org_name_th", "string", "organisation name (Thai)"),
                _f("level", "string", "overall, goal or indicator"),
                _f("code", "string", "goal or indicator code"),
                _f("goal", "string", "goal code"),
                _f("score", "number", "score from 0 to 5, unrounded"),
                _f("status", "string", "achieved, at_risk, not_achieved or no_data"),
                _f("coverage", "number", "share of the weight with results (0–1)"),
                _f("value", "number", "the indicator's value for the year"),
            ),
            ("fiscal_year", "org", "goal"),
            _scorecards,
        ),
        Dataset(
            "results",
            _("Results"),
            _("Approved results reported for each indicator, organisation and period."),
            (
                FY,
                _f("indicator", "string", "indicator code"),
                _f("goal", "string", "goal code"),
                ORG,
                _f("period", "string", "fiscal period: 2565, 2565-H1, 2565-Q1, 2565-M01"),
                _f("value", "number", "reported value"),
                _f("numerator", "number", "numerator of a ratio"),
                _f("denominator", "number", "denominator of a ratio"),
                _f("unit", "string", "unit"),
                _f("evidence_url", "string", "link to the evidence"),
            ),
            ("fiscal_year", "org", "indicator"),
            _results,
        ),
        Dataset(
            "assessments",
            _("Assessments"),
            _("External assessments (ITA, GECC, PMQA, moral organisation)."),
            (
                FY,
                _f("framework", "string", "ita, gecc, pmqa, moral, …"),
                ORG,
                _f("org_name_th", "string", "organisation name (Thai)"),
                _f("score", "number", "total score"),
                _f("level", "string", "level as published"),
                _f("rank", "integer", "rank as published"),
                _f("rank_group", "string", "peer group of the rank"),
                _f("components", "string", "component scores (JSON)"),
            ),
            ("fiscal_year", "framework", "org"),
            _assessments,
        ),
        Dataset(
            "awards",
            _("Awards"),
            _("Awards received; quantity counts certificates given as a batch."),
            (
                FY,
                _f("category", "string", "ita, gecc, pmqa, moral or other"),
                _f("title_th", "string", "award (Thai)"),
                _f("title_en", "string", "award (English)"),
                _f("issuer", "string", "issuing body"),
                _f("recipient", "string", "organisation code"),
                _f("recipient_name_th", "string", "recipient name (Thai)"),
                _f("level", "string", "level or class"),
                _f("date", "date", "date given"),
                _f("quantity", "integer", "number of awards this row stands for"),
            ),
            ("fiscal_year", "category", "recipient"),
            _awards,
        ),
        Dataset(
            "claims",
            _("Published claims"),
            _("Numbers published elsewhere, kept to be checked against records."),
            (
                FY,
                _f("metric", "string", "what the number measures"),
                _f("value", "number", "published value"),
                _f("source", "string", "where it was published"),
            ),
            ("fiscal_year",),
            _claims,
        ),
        Dataset(
            "events",
            _("Events"),
            _("Events at which results were reported."),
            (
                FY,
                _f("title_th", "string", "title (Thai)"),
                _f("date", "date", "date"),
                _f("time", "string", "time (HH:MM)"),
                _f("place", "string", "place"),
                _f("presiding", "string", "presiding official"),
                _f("presiding_position", "string", "position of the presiding official"),
                _f("recording_url", "string", "link to a recording"),
            ),
            ("fiscal_year",),
            _events,
        ),
        Dataset(
            "plans",
            _("Plans"),
            _("Plans of the strategy cycle, from the national strategy to the province plan."),
            (
                _f("code", "string", "plan code"),
                _f("title_th", "string", "title (Thai)"),
                _f("title_en", "string", "title (English)"),
                _f("level", "string", "national_strategy, master_plan, national_plan, regional_plan, "
                   "province_group_plan or province_plan"),
                _f("start_year", "integer", "first Buddhist-Era fiscal year"),
                _f("end_year", "integer", "last Buddhist-Era fiscal year"),
                _f("parent", "string", "code of the plan it serves"),
            ),
            ("level",),
            _plans,
        ),
        Dataset(
            "plan_items",
            _("Plan items"),
            _("Strategies, issues and objectives of each plan, what they serve and the goals that serve them."),
            (
                _f("plan", "string", "plan code"),
                _f("code", "string", "item code within the plan"),
                _f("title_th", "string", "title (Thai)"),
                _f("title_en", "string", "title (English)"),
                _f("parent", "string", "code of the parent item in the same plan"),
                _f("aligns", "string", "items of other plans it serves (PLAN:ITEM, space-separated)"),
                _f("goals", "string", "codes of the goals that serve it (space-separated)"),
            ),
            ("plan",),
            _plan_items,
        ),
        Dataset(
            "targets",
            _("Plan targets"),
            _("Yearly targets of indicators set by the plans; an empty organisation means every organisation."),
            (
                FY,
                _f("indicator", "string", "indicator code"),
                _f("goal", "string", "goal code"),
                _f("org", "string", "organisation code; empty: every organisation"),
                _f("target", "number", "target value"),
                _f("plan", "string", "code of the plan that set it"),
            ),
            ("fiscal_year", "indicator", "org"),
            _targets,
        ),
        Dataset(
            "projects",
            _("Projects"),
            _("Projects of each fiscal year with their budget allocation."),
            (
                FY,
                _f("code", "string", "project code"),
                _f("title_th", "string", "title (Thai)"),
                _f("title_en", "string", "title (English)"),
                ORG,
                _f("org_name_th", "string", "organisation name (Thai)"),
                _f("goal", "string", "goal code"),
                _f("plan_item", "string", "plan item it serves (PLAN:ITEM)"),
                _f("indicators", "string", "indicator codes (space-separated)"),
                _f("budget_source", "string", "province, province_group, agency, local or other"),
                _f("kind", "string", "investment or operating"),
                _f("allocated", "number", "allocated budget (baht)"),
                _f("start", "date", "start date"),
                _f("end", "date", "end date"),
            ),
            ("fiscal_year", "org", "goal"),
            _projects,
        ),
        Dataset(
            "project_progress",
            _("Project progress"),
            _("Money disbursed and physical progress of each project, per month or quarter."),
            (
                FY,
                _f("project", "string", "project code"),
                ORG,
                _f("period", "string", "fiscal month or quarter: 2565-M01, 2565-Q1"),
                _f("disbursed", "number", "disbursed in the period (baht)"),
                _f("committed", "number", "committed, not yet paid, at the end of the period (baht)"),
                _f("progress", "number", "physical progress at the end of the period (%, 0–100)"),
                _f("status", "string", "not_started, on_track, delayed, completed or cancelled"),
            ),
            ("fiscal_year", "project", "org"),
            _project_progress,
        ),
        Dataset(
            "budget",
            _("Budget disbursement"),
            _("Budget allocated and disbursed per fiscal year: overall, per goal and per organisation, with the "
              "disbursement target rate; cancelled projects not counted."),
            (
                FY,
                _f("as_of", "string", "the quarter the figures are as of (the latest quarter reported)"),
                _f("level", "string", "total, goal or org"),
                _f("code", "string", "goal or organisation code; empty: total, or projects without a goal"),
                _f("projects", "integer", "projects counted"),
                _f("allocated", "number", "allocated (baht)"),
                _f("disbursed", "number", "disbursed by the end of as_of (baht)"),
                _f("rate", "number", "disbursed / allocated (0–1)"),
                _f("target_rate", "number", "allocation-weighted disbursement target (0–1)"),
                _f("behind", "integer", "1 when the rate is below the target rate"),
            ),
            ("fiscal_year",),
            _budget,
        ),
    )
}
PUBLISHED = ("scorecards", "results", "assessments", "awards", "plans", "plan_items", "targets", "projects",
             "project_progress", "budget")
"""The datasets of the data package and of the open-data portals."""

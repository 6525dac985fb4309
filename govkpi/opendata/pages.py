"""The tables of the public pages as files: the organisation's scorecard, an indicator's breakdown, the rankings.

Each function calls the function the page's view calls (`org_page`, `indicator_page`, `rankings_page`) and turns
what the page shows into :class:`~govkpi.opendata.tables.Table`s, in the page's order and with the page's labels:
no second computation, and nothing the public page does not show. A :class:`PageTables` also says the page's title
and year, for the file's About sheet and name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from govkpi.dashboards.indicator import indicator_page
from govkpi.dashboards.org import org_page
from govkpi.dashboards.rankings import rankings_page

from .tables import Column, Table


@dataclass(frozen=True)
class PageTables:
    name: str  # for the file name: org-5401-2565
    title: str
    path: str  # the page: /orgs/5401/?fy=2565
    tables: list[Table]


def _status(row: dict[str, Any]) -> str:
    return str(row.get("status_label") or "")


def _note(row: dict[str, Any]) -> str:
    """What the page says beside the score: the data problem, else the reason for the status where there is one."""
    return str(row.get("problem_text") or row.get("reason_text") or "")


def org_tables(code: str, year: str | None) -> PageTables:
    page = org_page(code, year)
    org, card = page["org"], page["card"]
    overall = card["overall"]
    goals = Table("goals", _("Goals"), [
        Column(_("Code")), Column(_("Goal")), Column(_("Score"), "score"), Column(_("Coverage"), "percent"),
        Column(_("Status")),
    ])
    goals.rows.append(["", _("Overall score"), overall["score"], overall["coverage"], page["overall_status_label"]])
    goals.rows += [[g["code"], g["title"], g["score"], g["coverage"], _status(g)] for g in page["goals"]]
    indicators = Table("indicators", _("Indicators"), [
        Column(_("Code")), Column(_("Indicator")), Column(_("Goal")), Column(_("Weight"), "figure"),
        Column(_("Value"), "figure"), Column(_("Unit")), Column(_("Score"), "score"), Column(_("Status")),
        Column(_("Source")), Column(_("Note")),
    ])
    indicators.rows += [
        [i["code"], i["name"], i.get("goal", ""), i.get("weight"), i.get("value"), i.get("unit", ""),
         None if i.get("problem_text") else i.get("score"), _status(i), i.get("source_label", ""), _note(i)]
        for i in page["indicators"]
    ]
    children = Table("children", _("Units below"), [
        Column(_("Organisation code")), Column(_("Organisation")), Column(_("Score"), "score"),
        Column(_("Coverage"), "percent"), Column(_("Status")),
    ])
    children.rows += [[c["org"].code, c["org"].name, c["score"], c["coverage"], _status(c)] for c in page["children"]]
    assessments = Table("assessments", _("External assessments"), [
        Column(_("Framework")), Column(_("Fiscal year"), "year"), Column(_("Score"), "score"), Column(_("Level")),
        Column(_("Rank"), "count"),
    ])
    assessments.rows += [[a.framework.upper(), a.fiscal_year, a.score, a.level, a.rank] for a in page["assessments"]]
    awards = Table("awards", _("Awards"), [
        Column(_("Category")), Column(_("Award")), Column(_("Level")), Column(_("Date"), "date"),
        Column(_("Number of awards"), "count"),
    ])
    awards.rows += [[a["category"], a["title"], a["award"].level, a["award"].date, a["award"].quantity]
                    for a in page["awards"]]
    tables = [goals, indicators, *([children] if children.rows else []), assessments, awards]
    title = _("%(org)s, fiscal year %(year)s") % {"org": org.name, "year": page["year"]}
    path = reverse("dashboards:org", args=[org.code]) + f"?fy={page['year']}"
    return PageTables(f"org-{org.code}-{page['year']}", title, path, tables)


def indicator_tables(code: str, year: str | None, sort: str = "score", order: str = "desc") -> PageTables:
    page = indicator_page(code, year, sort, order)
    indicator = page["indicator"]
    breakdown = Table("breakdown", _("By district and local government"), [
        Column(_("Organisation code")), Column(_("Organisation")), Column(_("Kind")), Column(_("Value"), "figure"),
        Column(_("Unit")), Column(_("Score"), "score"), Column(_("Status")), Column(_("Note")),
    ])
    breakdown.rows += [
        [r["code"], r["name"], r["kind_label"], r["value"], indicator.unit, None if r["problem_text"] else r["score"],
         _status(r), _note(r)]
        for r in page["breakdown"]
    ]
    lang = "en" if get_language() == "en" else "th"
    periods = Table("periods", _("Over the periods of the year"), [
        Column(_("Period")), Column(_("Value"), "figure"), Column(_("Unit")),
    ])
    periods.rows += [[p.period.label(lang), p.shown(indicator.aggregation), indicator.unit]
                     for p in page["row"].get("points") or []]
    years = Table("years", _("Over the years"), [
        Column(_("Fiscal year"), "year"), Column(_("Value"), "figure"), Column(_("Unit")), Column(_("Score"), "score"),
    ])
    years.rows += [[p["year"], p["value"], indicator.unit, p["score"]] for p in page["by_year"]]
    title = _("%(indicator)s, fiscal year %(year)s") % {"indicator": page["share_title"], "year": page["year"]}
    query = f"?fy={page['year']}&sort={page['sort']}&order={'desc' if page['descending'] else 'asc'}"
    path = reverse("dashboards:indicator", args=[indicator.code]) + query
    return PageTables(f"indicator-{indicator.code}-{page['year']}", title, path, [breakdown, periods, years])


def _ranking(key: str, title: str, rows: list[dict[str, Any]], coverage: bool) -> Table:
    columns = [Column(_("Rank"), "count"), Column(_("Organisation code")), Column(_("Organisation")),
               Column(_("Score"), "score"), *([Column(_("Coverage"), "percent")] if coverage else []),
               Column(_("Status"))]
    lines = [[r["rank"], r["code"], r["name"], r["score"], *([r["coverage"]] if coverage else []), _status(r)]
             for r in rows]
    return Table(key, title, columns, lines)


def rankings_tables(year: str | None) -> PageTables:
    page = rankings_page(year)
    tables = [_ranking("districts", _("Districts by overall score"), page["districts"], coverage=True)]
    tables += [_ranking(f"goal-{g['code']}", f"{g['code']} {g['title']}", g["rows"], coverage=False)
               for g in page["by_goal"]]
    tables += [_ranking(f"group-{g['group'].code}", g["name"], g["rows"], coverage=True) for g in page["groups"]]
    path = reverse("dashboards:rankings") + f"?fy={page['year']}"
    return PageTables(f"rankings-{page['year']}", str(page["share_title"]), path, tables)


"""The executive view (signed in): what changed in the last seven days, the indicators at risk worst first, and the
organisations late to report, and the follow-up of corrective actions — one page a governor reads on a phone.

`executive_page` runs 11 queries (plus the visitor's roles, once): the years, the root, the year's data (4), the
audit summary and latest events (2), the reporting duties, the results of the year and the years before with their
open follow-up flags (one streamed query, which also gives the late organisations and the data quality section:
`govkpi.results.quality`; the reporting calendar comes with the duties, the names from the year's tree; for an
official who sees part of the tree, the ids visible, 1);
and the data problems (`data_problems`): the scan of `govkpi.results.integrity.find_problems` — the results in one
streamed query, with the indicators, organisations, responsibilities, criteria and policies (6 in all) — plus
the names of the organisations shown (1) and, for an official who sees part of the tree, the codes visible (1);
and the open corrective actions (1, plus the ids visible for such an official: `govkpi.strategy.followup`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from govkpi.audit.models import AuditEvent
from govkpi.core.periods import Period, PeriodKind, periods_of
from govkpi.orgs.models import OrgUnit
from govkpi.plans.choices import PeriodType
from govkpi.plans.models import Indicator
from govkpi.results import quality
from govkpi.results.integrity import find_problems
from govkpi.results.models import ReportingCalendar
from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.labels import status_label
from govkpi.scorecards.loading import OrgNode, load_year
from govkpi.scorecards.services import Scorer, fiscal_years, root_org
from govkpi.strategy.followup import follow_up

from .home import NotFound, choose_year, pick
from .problems import by_goal

WEEK = timedelta(days=7)
LATEST_EVENTS = 10
PROBLEMS_SHOWN = 50
TABLES = {
    "results": gettext_lazy("results"),
    "criteria": gettext_lazy("criteria"),
    "scoring_policy": gettext_lazy("scoring policy"),
}
AT_RISK = ("not_achieved", "at_risk")
KINDS = {
    PeriodType.YEAR: PeriodKind.YEAR,
    PeriodType.HALF: PeriodKind.HALF,
    PeriodType.QUARTER: PeriodKind.QUARTER,
    PeriodType.MONTH: PeriodKind.MONTH,
}


def due_period(fiscal_year: int, period_type: str, today: date) -> Period | None:
    """The latest period of the indicator's kind that has ended by ``today`` (None: nothing due yet)."""
    ended = [p for p in periods_of(fiscal_year, KINDS[PeriodType(period_type)]) if p.end < today]
    return ended[-1] if ended else None


def changes_since(since: datetime) -> dict[str, Any]:
    recent = AuditEvent.objects.filter(at__gte=since)
    counts = list(recent.values("action").annotate(n=Count("id")).order_by("-n", "action"))
    latest = list(recent.order_by("-at", "-id")[:LATEST_EVENTS])
    return {"counts": counts, "latest": latest, "total": sum(c["n"] for c in counts)}


def late_organisations(
    fiscal_year: int,
    indicators: dict[int, Indicator],
    duties: list[quality.Duty],
    reported: dict[tuple[int, int], list[Period]],
    today: date,
    names: Names,
) -> list[dict[str, Any]]:
    """Responsible organisations with nothing submitted or approved for the latest period due, most late first
    (``reported``: (indicator id, organisation id) → the periods reported; ``names`` keeps those visible)."""
    late: dict[int, list[tuple[str, Period]]] = defaultdict(list)
    for indicator_id, org_id, period_type in duties:
        indicator = indicators.get(indicator_id)
        if indicator is None:
            continue
        due = due_period(fiscal_year, period_type, today)
        if due is None:
            continue
        if not any(p.overlaps(due) for p in reported.get((indicator_id, org_id), ())):
            late[org_id].append((indicator.code, due))
    orgs = names.of(late)
    rows = [{"org": org, "indicators": sorted(late[pk], key=lambda item: item[0])} for pk, org in orgs.items()]
    return sorted(rows, key=lambda row: (-len(row["indicators"]), row["org"]["code"]))


class Names:
    """Organisations by id as the page shows them ({"code", "name"}), from the year's tree (no query), those
    outside it read once; only those visible (``visible``: ids, None: all)."""

    def __init__(self, nodes: dict[int, OrgNode], visible: set[int] | None) -> None:
        self.nodes, self.visible = nodes, visible

    def of(self, ids: Any) -> dict[int, dict[str, str]]:
        wanted = [pk for pk in ids if self.visible is None or pk in self.visible]
        found = {pk: {"code": node.code, "name": pick({"name_th": node.name_th, "name_en": node.name_en}, "name")}
                 for pk in wanted if (node := self.nodes.get(pk)) is not None}
        missing = [pk for pk in wanted if pk not in found]
        if missing:
            for pk, code, name_th, name_en in OrgUnit.objects.filter(id__in=missing).values_list(
                "id", "code", "name_th", "name_en"
            ):
                found[pk] = {"code": code, "name": pick({"name_th": name_th, "name_en": name_en}, "name")}
        return found


QUALITY_SHOWN = 10


def data_quality(
    fiscal_year: int,
    scan: quality.Scan,
    duties: list[quality.Duty],
    reported: dict[tuple[int, int], list[Period]],
    calendar: ReportingCalendar,
    today: date,
    names: Names,
    indicators: dict[int, Indicator],
) -> dict[str, Any]:
    """Reporting rates by organisation (lowest first), the count of unusual values and the open follow-up flags
    (govkpi.results.quality) of the organisations visible, from what the page has read: no query."""
    visible = names.visible
    mine = [duty for duty in duties if visible is None or duty[1] in visible]
    by_org, _by_indicator = quality.reporting_rates(mine, reported, fiscal_year, calendar, today)
    lines = quality.lowest_first(by_org.values())
    shown = names.of(line.subject for line in lines[:QUALITY_SHOWN])
    rates = [{"org": shown[line.subject], "line": line} for line in lines[:QUALITY_SHOWN] if line.subject in shown]
    overall = quality.RateLine(None, sum(line.reported for line in lines), sum(line.expected for line in lines))
    flagged = [row for row in scan.flagged if visible is None or row[2] in visible]
    flag_orgs = names.of(row[2] for row in flagged[:QUALITY_SHOWN])
    flags = [
        {"result_id": pk, "indicator": indicators[indicator_id].code if indicator_id in indicators else "",
         "org": flag_orgs.get(org_id, {}), "period": period}
        for pk, indicator_id, org_id, period in flagged[:QUALITY_SHOWN]
    ]
    return {
        "rates": rates,
        "overall": overall,
        "more_rates": max(len(lines) - QUALITY_SHOWN, 0),
        "outliers": len(quality.outliers(scan.raw, fiscal_year, visible)),
        "flags": flags,
        "flag_count": len(flagged),
    }


def with_names(late: list[dict[str, Any]], indicators: Any) -> list[dict[str, Any]]:
    """Each late organisation's indicators with their names (``named``: code, name, period), not bare codes."""
    names = {i.code: pick({"name_th": i.name_th, "name_en": i.name_en}, "name") for i in indicators}
    for row in late:
        row["named"] = [
            {"code": code, "name": names.get(code, ""), "period": period} for code, period in row["indicators"]
        ]
    return late


def data_problems(visible: QuerySet[OrgUnit] | None, shown: int | None = None) -> dict[str, Any]:
    """The stored rows the rules refuse (`find_problems`): the first ``shown`` (:data:`PROBLEMS_SHOWN`) and how
    many in all. An official who sees part of the tree sees the results of those organisations, and every criterion
    and policy problem."""
    shown = PROBLEMS_SHOWN if shown is None else shown
    codes = None if visible is None else set(visible.values_list("code", flat=True))
    rows: list[dict[str, Any]] = []
    total = 0
    for problem in find_problems():
        if codes is not None and problem.org and problem.org not in codes:
            continue
        total += 1
        if len(rows) < shown:
            rows.append({
                "table": problem.table,
                "table_label": TABLES.get(problem.table, problem.table),
                "org": problem.org,
                "indicator": problem.indicator,
                "period": problem.period,
                "reason": problem.reason(),
                "result_id": problem.pk if problem.table == "results" else None,
            })
    if rows:
        names = {code: pick({"name_th": name_th, "name_en": name_en}, "name") for code, name_th, name_en in
                 OrgUnit.objects.filter(code__in={row["org"] for row in rows if row["org"]})
                 .values_list("code", "name_th", "name_en")}
        for row in rows:
            row["org_name"] = names.get(row["org"], "")
    return {"rows": rows, "total": total, "more": total - len(rows), "shown": shown}


def executive_page(
    requested_year: str | None, visible: QuerySet[OrgUnit] | None, now: datetime | None = None
) -> dict[str, Any]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    years = fiscal_years()
    if not years:
        raise NotFound("no fiscal year has criteria")
    year = choose_year(requested_year, years)
    try:
        province = root_org()
    except ScorecardError as error:
        raise NotFound(error.message) from error
    scorer = Scorer(load_year(year, root=province))
    card = scorer.card(province.pk)
    at_risk = sorted(
        (
            {**row, "name": pick(row, "name"), "status_label": status_label(row["status"])}
            for row in card["indicators"]
            if row["status"] in AT_RISK
        ),
        key=lambda row: (row["score"], row["code"]),
    )
    no_data = [row["code"] for row in card["indicators"] if row["status"] == "no_data" and not row.get("problem")]
    scan = quality.scan_with_flags(year)
    duties, calendar = quality.duties_of(year)
    names = Names(scorer.data.orgs, None if visible is None else set(visible.values_list("id", flat=True)))
    reported = quality.reported_periods(scan.raw, year, quality.Periods())
    return {
        "years": years,
        "year": year,
        "province_name": pick(card, "org_name"),
        "card": card,
        "overall_status_label": status_label(card["overall"]["status"]),
        "since": timezone.localdate(now - WEEK),
        "changes": changes_since(now - WEEK),
        "at_risk": at_risk,
        "no_data": no_data,
        "late": with_names(late_organisations(year, scorer.data.indicators, duties, reported, today, names),
                           scorer.data.indicators.values()),
        "quality": data_quality(year, scan, duties, reported, calendar, today, names, scorer.data.indicators),
        "flagged": sum(len(items) for items in by_goal(card).values()),
        "data_problems": data_problems(visible),
        "today": today,
        **follow_up(scorer, province.pk, visible, today),  # corrective actions (planning.md)
    }

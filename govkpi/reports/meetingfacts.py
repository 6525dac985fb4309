"""What the provincial committee's monthly pack (ประชุมคณะกรมการจังหวัด) states, read from the records and nothing else.

The scores are the scorecard's own (:class:`govkpi.scorecards.card.Scorer` over the year's approved results, as
loaded by :func:`govkpi.scorecards.loading.load_year`), keeping only the results of periods that end by the end of
the pack's month — the same technique as `govkpi plan needed --as-of`. The month before gives "what changed"; every
month of the year up to the pack's gives the trend. Corrective actions and commentary are `govkpi.strategy`'s (only
commentary whose period has an approved result: the pack is public), projects behind are those of
:func:`govkpi.strategy.services.budget` as of the latest quarter that has ended, and who is late is
:func:`govkpi.results.due.tasks_for`'s overdue items.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from govkpi.core.periods import Period, PeriodError, PeriodKind, parse_period, period_containing, periods_of
from govkpi.orgs.models import OrgUnit
from govkpi.results.choices import ResultStatus
from govkpi.results.due import tasks_for
from govkpi.results.models import ReportingCalendar, Result, ResultEvent
from govkpi.scorecards.card import Scorer
from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.loading import load_year, up_to
from govkpi.scorecards.services import root_org
from govkpi.strategy.choices import ActionStatus
from govkpi.strategy.commentary import Said, public, said
from govkpi.strategy.models import Commentary, CorrectiveAction, Project
from govkpi.strategy.services import budget

AT_RISK = ("at_risk", "not_achieved")
COMMENTARY_PER_SUBJECT = 3
LATE_ITEMS_SHOWN = 6


def local_today() -> date:
    """Today in Bangkok: when a month has ended and when lateness is judged."""
    return timezone.localdate()


class MeetingError(ValueError):
    """A period the pack cannot be made for: not a month (``2565-M06``), or a month that has not ended."""


def check_month(value: str, today: date | None = None) -> Period:
    """The pack's month from user input: ``2565-M06`` (Thai digits allowed), or ``latest`` for the latest month that
    has ended. A month still running or in the future is refused: its pack would change under the reader."""
    today = today or local_today()
    if value.strip().lower() == "latest":
        return latest_month(today)
    try:
        period = parse_period(value)
    except PeriodError as error:
        raise MeetingError(f"{value!r} is not a month such as 2565-M06 ({error})") from error
    if period.kind is not PeriodKind.MONTH:
        raise MeetingError(f"{value!r} is not a month: the committee's pack is monthly, e.g. {period.fiscal_year}-M06")
    if period.end >= today:
        raise MeetingError(f"{period.code} has not ended yet: the latest month that has ended is "
                           f"{latest_month(today).code}")
    return period


def latest_month(today: date) -> Period:
    """The latest month that has ended on ``today`` (the month before today's)."""
    return period_containing(today.replace(day=1) - timedelta(days=1), PeriodKind.MONTH)


def previous_month(period: Period) -> Period | None:
    """The month before, in the same fiscal year (None for the first month: the year starts afresh)."""
    return Period(period.fiscal_year, PeriodKind.MONTH, period.index - 1) if period.index > 1 else None


def codes_up_to(period: Period) -> list[str]:
    """Every period code of the fiscal year that ends by the end of ``period``."""
    return [p.code for kind in PeriodKind for p in periods_of(period.fiscal_year, kind) if p.end <= period.end]


@dataclass
class Late:
    """An organisation with overdue results: how many, the oldest due date and the first items."""

    org: OrgUnit
    count: int
    oldest: date
    items: list[tuple[str, Period]]  # (indicator code, period), the first LATE_ITEMS_SHOWN


@dataclass
class MeetingFacts:
    period: Period
    previous: Period | None
    province: OrgUnit
    card: dict[str, Any] | None  # the province's scorecard as of the end of the month (None: no criteria)
    before: dict[str, Any] | None  # … as of the end of the month before
    trend: list[tuple[Period, dict[str, Any]]]  # (month, card) for every month of the year up to the pack's
    data_time: datetime | None  # the latest approval of a result the pack counts
    new_results: dict[str, int]  # goal code → approved results first counted this month (periods ending in it)
    commentary: dict[str, list[Said]]  # indicator or goal code → what organisations said, latest first
    actions: dict[str, list[CorrectiveAction]]  # indicator code → open corrective actions, by due date
    budget: dict[str, Any] | None  # `govkpi budget` as of the latest quarter ended by the month (None: none yet)
    projects: dict[str, Project]  # code → the projects behind, for their titles
    late: list[Late]
    late_on: date
    grace_days: int
    today: date
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def fiscal_year(self) -> int:
        return self.period.fiscal_year

    def goal_trend(self, code: str) -> list[tuple[Period, float | None, str]]:
        found = []
        for month, card in self.trend:
            goal = next((g for g in card["goals"] if g["code"] == code), {"score": None, "status": "no_data"})
            found.append((month, goal["score"], goal["status"]))
        return found

    def behind(self, goal: str | None = None) -> list[dict[str, Any]]:
        """The projects behind their disbursement target or reported delayed (cancelled ones left out)."""
        rows = self.budget["projects"] if self.budget else []
        return [row for row in rows if row["status"] != "cancelled" and (row["behind"] or row["status"] == "delayed")
                and (goal is None or row["goal"] == goal)]


def meeting_facts(period: Period, today: date | None = None) -> MeetingFacts:
    """Everything the pack of ``period`` (a month) says; ``today`` fixes when lateness is judged."""
    today = today or local_today()
    province = root_org()
    year = period.fiscal_year
    previous = previous_month(period)
    trend: list[tuple[Period, dict[str, Any]]] = []
    try:
        data = load_year(year, root=province)
        for month in periods_of(year, PeriodKind.MONTH)[: period.index]:
            trend.append((month, Scorer(up_to(data, month)).card(province.pk)))
    except ScorecardError:
        trend = []
    cards = dict(trend)
    card = cards.get(period)
    subtree = Result.objects.filter(fiscal_year=year, status=ResultStatus.APPROVED, org__path__startswith=province.path)
    counted = subtree.filter(period__in=codes_up_to(period))
    at_risk = [row["code"] for row in (card or {}).get("indicators", []) if row["status"] in AT_RISK]
    late_on = min(today, period_containing(period.end + timedelta(days=1), PeriodKind.MONTH).end)
    return MeetingFacts(
        period=period,
        previous=previous,
        province=province,
        card=card,
        before=cards.get(previous) if previous else None,
        trend=trend,
        data_time=_data_time(counted),
        new_results=_new_results(subtree, period, previous),
        commentary=_commentary(period, at_risk, [g["code"] for g in (card or {}).get("goals", [])]),
        actions=_actions(at_risk),
        **_budget(year, period),
        late=_late(province, period, late_on),
        late_on=late_on,
        grace_days=ReportingCalendar.for_year(year).grace_days,
        today=today,
    )


def _data_time(counted: Any) -> datetime | None:
    """When the newest result the pack counts was approved (its history's latest approval; else its last change)."""
    approved = ResultEvent.objects.filter(result__in=counted.values("pk"), to_status=ResultStatus.APPROVED)
    found = approved.aggregate(at=Max("at"))["at"]
    return found or counted.aggregate(at=Max("updated_at"))["at"]


def _new_results(subtree: Any, period: Period, previous: Period | None) -> dict[str, int]:
    """Goal code → approved results whose period ends within the month: counted for the first time in this pack."""
    new = set(codes_up_to(period)) - set(codes_up_to(previous) if previous else [])
    found: dict[str, int] = defaultdict(int)
    for goal in subtree.filter(period__in=sorted(new)).values_list("indicator__goal__code", flat=True):
        found[goal] += 1
    return dict(found)


def _commentary(period: Period, indicators: list[str], goals: list[str]) -> dict[str, list[Said]]:
    """Published commentary of the year up to the month on the indicators at risk and on the goals (1 query)."""
    if not indicators and not goals:
        return {}
    query = Commentary.objects.filter(Q(indicator__code__in=indicators) | Q(goal__code__in=goals),
                                      period__in=codes_up_to(period))
    found: dict[str, list[Said]] = defaultdict(list)
    for item in said(public(query), limit=500):
        if len(found[item.subject]) < COMMENTARY_PER_SUBJECT:
            found[item.subject].append(item)
    return dict(found)


def _actions(indicators: list[str]) -> dict[str, list[CorrectiveAction]]:
    """The open corrective actions on the indicators, by due date (1 query)."""
    found: dict[str, list[CorrectiveAction]] = defaultdict(list)
    rows = CorrectiveAction.objects.filter(indicator__code__in=indicators, status=ActionStatus.OPEN)
    for action in rows.select_related("indicator", "org", "owner").order_by("due", "code"):
        found[action.indicator.code].append(action)
    return dict(found)


def _budget(year: int, period: Period) -> dict[str, Any]:
    """Disbursement as of the latest quarter that has ended by the end of the month (none in its first two)."""
    quarters = [q for q in periods_of(year, PeriodKind.QUARTER) if q.end <= period.end]
    if not quarters:
        return {"budget": None, "projects": {}}
    report = budget(year, quarters[-1].code)
    codes = [row["code"] for row in report["projects"] if row["status"] != "cancelled"
             and (row["behind"] or row["status"] == "delayed")]
    projects = {p.code: p for p in Project.objects.filter(fiscal_year=year, code__in=codes).select_related("org")}
    return {"budget": report, "projects": projects}


def _late(province: OrgUnit, period: Period, on: date) -> list[Late]:
    """Organisations with results overdue on ``on`` for periods that end by the end of the month: most first."""
    orgs = list(OrgUnit.objects.filter(path__startswith=province.path).order_by("path"))
    overdue: dict[int, list[Any]] = defaultdict(list)
    for task in tasks_for(orgs, period.fiscal_year, on):
        if task.overdue and task.period.end <= period.end:
            overdue[task.org.pk].append(task)
    lines = []
    for tasks in overdue.values():
        tasks.sort(key=lambda t: (t.due, t.indicator.code))
        lines.append(Late(tasks[0].org, len(tasks), tasks[0].due,
                          [(t.indicator.code, t.period) for t in tasks[:LATE_ITEMS_SHOWN]]))
    return sorted(lines, key=lambda line: (-line.count, line.oldest, line.org.code))

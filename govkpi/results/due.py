"""What falls due when: each indicator's periods (its `period_type`) end, plus the fiscal year's grace days.

`tasks_for(orgs, fiscal_year, today)` lists, for each organisation, every indicator it reports (it is among the
indicator's `responsible` organisations and the indicator has criteria for the year) and every period of that
indicator whose end has come — with the result's status, the approver's last comment when it was returned, and
whether it is overdue. Fixed number of queries (4) whatever the number of organisations and indicators.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from govkpi.core.periods import Period, PeriodKind, periods_of
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Criterion, Indicator

from .choices import ResultStatus, Step
from .models import ReportingCalendar, Result, ResultEvent

MISSING = "missing"
OPEN = (MISSING, ResultStatus.DRAFT, ResultStatus.RETURNED)


@dataclass(frozen=True)
class Task:
    org: OrgUnit
    indicator: Indicator
    period: Period
    due: date
    status: str  # missing, draft, submitted, returned, approved
    result_id: int | None
    comment: str
    today: date

    @property
    def overdue(self) -> bool:
        return self.status in OPEN and self.today > self.due

    @property
    def open(self) -> bool:
        return self.status in OPEN


def due_date(period: Period, calendar: ReportingCalendar) -> date:
    return period.end + timedelta(days=calendar.grace_days)


def indicators_of(orgs: Iterable[OrgUnit], fiscal_year: int) -> dict[int, list[Indicator]]:
    """org id → the indicators it reports in the year, by code (1 query)."""
    orgs = list(orgs)
    ids = [org.pk for org in orgs]
    scored = Criterion.objects.filter(fiscal_year=fiscal_year).values("indicator_id")
    through = Indicator.responsible.through.objects.filter(orgunit_id__in=ids, indicator_id__in=scored)
    by_org: dict[int, list[Indicator]] = {pk: [] for pk in ids}
    for link in through.select_related("indicator").order_by("indicator__code"):
        by_org[link.orgunit_id].append(link.indicator)
    return by_org


def tasks_for(orgs: Iterable[OrgUnit], fiscal_year: int, today: date) -> list[Task]:
    orgs = list(orgs)
    calendar = ReportingCalendar.for_year(fiscal_year)
    by_org = indicators_of(orgs, fiscal_year)
    results = {
        (row.indicator_id, row.org_id, row.period): row
        for row in Result.objects.filter(org__in=orgs, fiscal_year=fiscal_year).only(
            "id", "indicator_id", "org_id", "period", "status"
        )
    }
    returned = [row.pk for row in results.values() if row.status == ResultStatus.RETURNED]
    comments: dict[int, str] = {}
    for result_id, comment in (
        ResultEvent.objects.filter(result_id__in=returned, step=Step.RETURN)
        .order_by("at", "id")
        .values_list("result_id", "comment")
    ):
        comments[result_id] = comment  # the latest wins
    tasks = []
    for org in orgs:
        for indicator in by_org.get(org.pk, []):
            for period in periods_of(fiscal_year, PeriodKind(indicator.period_type)):
                if period.start > today:
                    continue
                row = results.get((indicator.pk, org.pk, period.code))
                tasks.append(
                    Task(
                        org=org,
                        indicator=indicator,
                        period=period,
                        due=due_date(period, calendar),
                        status=row.status if row is not None else MISSING,
                        result_id=row.pk if row is not None else None,
                        comment=comments.get(row.pk, "") if row is not None else "",
                        today=today,
                    )
                )
    return tasks

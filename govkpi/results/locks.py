"""Period locks for Django callers (the rule itself is :mod:`govkpi.core.locks`; docs/locks.md).

:func:`locks_for` reads a year's policy and the unlocks in force once (two queries at most); :meth:`Locks.problem`
(message ``period_locked`` of :mod:`.rules`) is the one refusal every entry point gives when a period is closed:
the entry page, the reporter sheet and the API through the actions, the workbook loader in
``govkpi.workbook.checks.results``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language

from govkpi.core.locks import Unlock, covering, is_locked, lock_date
from govkpi.core.periods import Period, PeriodKind, periods_of
from govkpi.core.results import Problem
from govkpi.core.thai import format_date
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator, ScoringPolicy

from .due import due_date
from .models import PeriodUnlock, ReportingCalendar
from .rules import message
from .year import YearSettings


def show_date(day: date) -> str:
    return format_date(day, "en" if get_language() == "en" else "th", style="short")


@dataclass(frozen=True)
class Locks:
    """A fiscal year's lock setting and the unlocks in force, at one moment."""

    fiscal_year: int
    lock_after_days: int | None
    unlocks: tuple[Unlock, ...]
    now: datetime

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)

    def lock_date(self, period: Period) -> date | None:
        return lock_date(period, self.lock_after_days)

    def locked(self, org: OrgUnit | str, indicator: Indicator | str, period: Period) -> bool:
        path = org if isinstance(org, str) else org.path
        code = indicator if isinstance(indicator, str) else indicator.code
        return is_locked(period, self.lock_after_days, self.today, org_path=path, indicator=code,
                         unlocks=self.unlocks, now=self.now)

    def unlocked_until(self, org: OrgUnit, indicator: str, period: Period) -> datetime | None:
        """The end of the unlock in force for a period past its lock date, or None."""
        last = self.lock_date(period)
        if last is None or self.today <= last:
            return None
        unlock = covering(self.unlocks, org.path, indicator, period, self.now)
        return unlock.until if unlock is not None else None

    def problem(self, period: Period, *, shown: str = "") -> Problem:
        """Why an entry into a locked period is refused (code ``period_locked``, column ``period``); the lock
        date as ``shown`` or in the active language."""
        last = self.lock_date(period)
        return Problem("period_locked", "period", {"period": period.code,
                                                   "date": shown or (show_date(last) if last else "")})

    def refusal(self, period: Period) -> str:
        return message(self.problem(period))


def locks_for(fiscal_year: int, now: datetime | None = None, *, settings: YearSettings | None = None) -> Locks:
    """``settings``: the year's settings when the caller has read them already (`around`)."""
    now = now or timezone.now()
    if settings is not None and settings.fiscal_year == fiscal_year:
        days = settings.lock_after_days
    else:
        days = ScoringPolicy.objects.filter(fiscal_year=fiscal_year).values_list("lock_after_days", flat=True).first()
    unlocks: tuple[Unlock, ...] = ()
    if days is not None:
        rows = PeriodUnlock.objects.filter(fiscal_year=fiscal_year, until__gt=now).values_list(
            "org__path", "period", "indicator__code", "until"
        )
        unlocks = tuple(Unlock(path, period, code or "", until) for path, period, code, until in rows)
    return Locks(fiscal_year, days, unlocks, now)


def check_open(
    org: OrgUnit, indicator: Indicator, period: Period, *, now: datetime | None = None,
    settings: YearSettings | None = None,
) -> None:
    """A ValidationError on ``period`` when the period is closed for entry for this organisation and indicator."""
    locks = locks_for(period.fiscal_year, now, settings=settings)
    if locks.locked(org, indicator, period):
        raise ValidationError({"period": [locks.refusal(period)]})


@dataclass(frozen=True)
class CalendarLine:
    """One period of the reporting calendar: when it ends, falls due and closes for entry, and whether it is."""

    period: Period
    due: date
    lock: date | None
    closed: bool


def calendar_lines(locks: Locks, calendar: ReportingCalendar) -> list[CalendarLine]:
    """Every period of the year (whole year, halves, quarters, months) in order of its end."""
    lines = []
    for kind in PeriodKind:
        for period in periods_of(locks.fiscal_year, kind):
            last = locks.lock_date(period)
            lines.append(CalendarLine(period, due_date(period, calendar), last,
                                      last is not None and locks.today > last))
    return sorted(lines, key=lambda line: (line.period.end, -line.period.months))

"""Period locks: when a period closes for entry, and what an officer's unlock reopens (docs/locks.md).

A fiscal year's policy may set ``lock_after_days``. A period then stays open for entry until its last day plus
that many days (the *lock date*, inclusive, in the province's time zone) and is locked from the day after; without
the setting (None) periods never lock. A locked period stays locked, whatever happens later, except where an
:class:`Unlock` is in force: it names an organisation (it covers that organisation and every one below it), a
period (a whole-year unlock covers every period of that year) and optionally one indicator, and it ends at
``until``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from govkpi.core.periods import Period

__all__ = ["Unlock", "covering", "is_locked", "lock_date"]


@dataclass(frozen=True)
class Unlock:
    """An officer's unlock: organisation (its tree path), period code, indicator code ('' = every one), end."""

    org_path: str
    period: str
    indicator: str
    until: datetime

    def covers(self, org_path: str, indicator: str, period: Period, now: datetime) -> bool:
        if now >= self.until or not self.org_path or not org_path.startswith(self.org_path):
            return False
        if self.indicator and self.indicator != indicator:
            return False
        return self.period == period.code or self.period == str(period.fiscal_year)


def lock_date(period: Period, lock_after_days: int | None) -> date | None:
    """The last day a period is open for entry; None when the year's periods never lock."""
    if lock_after_days is None:
        return None
    try:
        return period.end + timedelta(days=lock_after_days)
    except OverflowError:  # days beyond the calendar (a row written by SQL): the period never closes in practice
        return date.max


def covering(
    unlocks: Iterable[Unlock], org_path: str, indicator: str, period: Period, now: datetime
) -> Unlock | None:
    """The unlock in force for a result that ends last, or None."""
    found = [unlock for unlock in unlocks if unlock.covers(org_path, indicator, period, now)]
    return max(found, key=lambda unlock: unlock.until, default=None)


def is_locked(
    period: Period,
    lock_after_days: int | None,
    today: date,
    *,
    org_path: str = "",
    indicator: str = "",
    unlocks: Iterable[Unlock] = (),
    now: datetime | None = None,
) -> bool:
    """Whether entry into ``period`` is refused on ``today`` (the province's date): past its lock date and no
    unlock in force at ``now`` for the organisation and indicator."""
    last = lock_date(period, lock_after_days)
    if last is None or today <= last:
        return False
    return now is None or covering(unlocks, org_path, indicator, period, now) is None

"""What a fiscal year's settings say to the results workflow: the scoring policy's period lock (``lock_after_days``)
and commentary switch (``require_commentary``) and the reporting calendar (grace days, jump factor). An action reads
them once, with what else it checks (`around`), and hands them to the rules that need them (`locks.check_open`,
`strategy.commentary.check_commentary`, the jump warning), instead of each rule reading its own row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from govkpi.plans.models import ScoringPolicy

from .models import ReportingCalendar


@dataclass(frozen=True)
class YearSettings:
    fiscal_year: int
    lock_after_days: int | None  # None: no policy, or periods never lock
    require_commentary: bool  # False when the year has no policy
    calendar: ReportingCalendar  # the year's row, or one with the defaults


COLUMNS = "p.lock_after_days, p.require_commentary, c.id, c.grace_days, c.jump_factor"  # what `settings_of` reads


def year_source() -> str:
    """The FROM clause that reads a year's settings (one parameter: the fiscal year) into the :data:`COLUMNS`; one
    row whether or not the year has a policy or a calendar, so that other reads can join it (`around`)."""
    policies, calendars = (connection.ops.quote_name(model._meta.db_table) for model in (ScoringPolicy,
                                                                                         ReportingCalendar))
    return (f"(SELECT CAST(%s AS integer) AS fiscal_year) AS y "
            f"LEFT JOIN {policies} AS p ON p.fiscal_year = y.fiscal_year "
            f"LEFT JOIN {calendars} AS c ON c.fiscal_year = y.fiscal_year")  # fmt: skip


def settings_of(fiscal_year: int, row: Sequence[Any]) -> YearSettings:
    """The settings from the :data:`COLUMNS` of a row."""
    days, commentary, calendar_id, grace_days, jump_factor = row
    calendar = (ReportingCalendar(fiscal_year=fiscal_year) if calendar_id is None else
                ReportingCalendar(id=calendar_id, fiscal_year=fiscal_year, grace_days=grace_days,
                                  jump_factor=jump_factor))  # fmt: skip
    return YearSettings(fiscal_year, days, bool(commentary), calendar)

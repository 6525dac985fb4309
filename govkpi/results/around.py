"""What an action on one result is checked against, read in one query: the fiscal year's settings (`year`),
whether the organisation is named to report the indicator (`rules.named_sql`), and the indicator's results for the
organisation in that year, with those of other periods when asked (the previous period's, for the jump warning).
Saving a draft, submitting and approving each read it once (`actions`); the rules stay where they are and take what
was read.

The results table is joined last, so the row of the settings comes back even when the organisation has no result
yet; the other tables give one row each at most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from govkpi.core.periods import Period
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator

from .models import Result
from .rules import named_codes, named_sql
from .year import COLUMNS, YearSettings, settings_of, year_source


@dataclass(frozen=True)
class Stored:
    pk: int
    period: str
    value: float | None
    fiscal_year: int


@dataclass(frozen=True)
class Around:
    settings: YearSettings
    responsible: frozenset[str]  # what `check_assigned` takes (`rules.responsible_codes`)
    results: tuple[Stored, ...]  # the year's, and the previous period's when asked

    def others(self, *, but: str | None = None, pk: int | None = None) -> list[str]:
        """The period codes of the year's other results (any status): all but the period ``but`` or the result
        ``pk``."""
        year = self.settings.fiscal_year
        return [row.period for row in self.results if row.fiscal_year == year and row.period != but and row.pk != pk]

    def holds(self, code: str) -> bool:
        """Whether a result of that period was read."""
        return any(row.period == code for row in self.results)

    def value_of(self, period: Period | None) -> float | None:
        """The value of the result of that period, None when there is none."""
        code = period.code if period is not None else None
        return next((row.value for row in self.results if row.period == code), None)


def around(indicator: Indicator, org: OrgUnit, fiscal_year: int, *, periods: Sequence[str] = ()) -> Around:
    """``periods``: codes whose results are read too, whatever year they are stored under (the previous period's,
    or the entry's own)."""
    results = connection.ops.quote_name(Result._meta.db_table)
    also = f" OR x.period IN ({', '.join(['%s'] * len(periods))})" if periods else ""
    with connection.cursor() as cursor:  # table names are ours
        cursor.execute(
            f"SELECT {COLUMNS}, {named_sql()}, x.id, x.period, x.value, x.fiscal_year FROM {year_source()} "
            f"LEFT JOIN {results} AS x ON x.indicator_id = %s AND x.org_id = %s "
            f"AND (x.fiscal_year = y.fiscal_year{also})",
            [indicator.pk, org.pk, fiscal_year, indicator.pk, org.pk, *periods],
        )
        rows = cursor.fetchall()
    width = COLUMNS.count(",") + 1
    first = rows[0]
    stored = tuple(Stored(pk, period, value, year) for *_ignored, pk, period, value, year in rows if pk is not None)
    return Around(settings_of(fiscal_year, first[:width]), named_codes(first[width]), stored)

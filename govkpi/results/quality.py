"""Data quality across organisations, from the database: the rules of :mod:`govkpi.core.quality` applied to the
reported results (submitted or approved).

* **Peers**: the values of one indicator and one period across organisations of the same kind at the same depth
  of the tree (districts with districts, SAOs with SAOs), wherever they are.
* **Own history**: a value against the organisation's own earlier periods of the indicator (of the same kind),
  the last :data:`HISTORY_PERIODS` of up to :data:`HISTORY_YEARS` years before.
* **Reporting rates**: what is reported of what has fallen due (:mod:`govkpi.results.due`), per organisation and
  per indicator.
* **Follow-up flags** (:class:`~govkpi.results.models.FollowUp`) set and cleared through
  :func:`govkpi.results.actions.set_follow_up`.

Query counts: :func:`warnings_for` 1 (the approval queue reads the same rows with what it needs anyway, and the
open flags with the queue: :func:`with_open_flag`), :func:`year_quality` 6 (the organisations in scope when
scoped, the results of the year and the years before (1, streamed), the duties with the reporting calendar, the
organisations and indicators named (2) and the open flags), :func:`scan_with_flags` 1.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from govkpi.core import quality
from govkpi.core.periods import Period, PeriodError, PeriodKind, parse_period, periods_of
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Criterion, Indicator

from .choices import ResultStatus
from .due import due_date
from .models import FollowUp, ReportingCalendar, Result

REPORTED = (ResultStatus.SUBMITTED, ResultStatus.APPROVED)
HISTORY_YEARS = 3
HISTORY_PERIODS = 12
PEERS, HISTORY = "peers", "history"
SHOWN = 200  # outliers and flags listed on a page


@dataclass(frozen=True, slots=True)
class Row:
    """One reported value, as the statistics see it."""

    pk: int
    indicator_id: int
    org_id: int
    period: Period
    kind: str
    depth: int
    value: float
    status: str

    @property
    def peer_key(self) -> tuple[int, str, str, int]:
        return self.indicator_id, self.period.code, self.kind, self.depth


@dataclass(frozen=True, slots=True)
class Flag:
    """Why a value looks unusual: against its peers or its own history."""

    against: str  # PEERS or HISTORY
    z: float
    median: float
    count: int

    @property
    def text(self) -> str:
        values = {"z": f"{self.z:.1f}", "median": f"{self.median:g}", "count": self.count}
        if self.against == PEERS:
            return str(_("Unusual against peers: z = %(z)s (median %(median)s of %(count)s organisations)") % values)
        return str(_("Unusual against its own history: z = %(z)s (median %(median)s of %(count)s earlier periods)")
                   % values)


FIELDS = ("pk", "indicator_id", "org_id", "period", "org__kind", "org__depth", "value", "numerator", "denominator",
          "indicator__multiplier", "status")
Raw = tuple[Any, ...]  # a result as FIELDS lists it


def value_of(
    value: float | None, numerator: float | None, denominator: float | None, multiplier: float
) -> float | None:
    """The result's value (or its ratio), None when there is none or it is not a finite number."""
    if value is None and numerator is not None and denominator:
        try:
            value = numerator / denominator * multiplier
        except (OverflowError, ZeroDivisionError, TypeError):
            return None
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def scan(queryset: QuerySet[Result]) -> list[Raw]:
    """The reported (submitted or approved) results of ``queryset`` as FIELDS lists them, in one streamed query."""
    return list(queryset.filter(status__in=REPORTED).order_by().values_list(*FIELDS).iterator(chunk_size=5000))


@dataclass
class Scan:
    """The results of a year and the years before in one streamed query: the reported ones as FIELDS lists them,
    and the year's results with an open follow-up flag (result id, indicator id, organisation id, period)."""

    raw: list[Raw] = field(default_factory=list)
    flagged: list[tuple[int, int, int, str]] = field(default_factory=list)


def scan_with_flags(fiscal_year: int) -> Scan:
    found = Scan()
    open_flag = FollowUp.objects.filter(result=OuterRef("pk"), cleared_at__isnull=True)
    rows = (
        Result.objects.filter(fiscal_year__gte=fiscal_year - HISTORY_YEARS, fiscal_year__lte=fiscal_year)
        .annotate(flagged=Exists(open_flag))
        .order_by()
        .values_list(*FIELDS, "fiscal_year", "flagged")
    )
    for row in rows.iterator(chunk_size=5000):
        *fields, year, flagged = row
        if fields[-1] in REPORTED:
            found.raw.append(tuple(fields))
        if flagged and year == fiscal_year:
            found.flagged.append((fields[0], fields[1], fields[2], fields[3]))
    return found


class Periods(dict[str, Period | None]):
    """Period codes parsed once each; None for a code no rule accepts."""

    def __missing__(self, code: str) -> Period | None:
        try:
            found: Period | None = parse_period(code)
        except PeriodError:
            found = None
        self[code] = found
        return found


def rows_of(raw: Iterable[Raw], periods: Periods | None = None) -> Iterator[Row]:
    """The values of ``raw`` the statistics use; a period or value no rule accepts is left out."""
    periods = Periods() if periods is None else periods
    for pk, indicator_id, org_id, code, kind, depth, value, numerator, denominator, multiplier, status in raw:
        period = periods[code]
        number = value_of(value, numerator, denominator, multiplier or 1)
        if period is None or number is None:
            continue
        yield Row(pk, indicator_id, org_id, period, kind, depth, number, status)


class Assessor:
    """Peer groups and histories of a set of rows, to judge any of them: each group's spread computed once."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.groups: dict[tuple[int, str, str, int], list[float]] = defaultdict(list)
        self.histories: dict[tuple[int, int], list[Row]] = defaultdict(list)
        for row in rows:
            self.groups[row.peer_key].append(row.value)
            self.histories[(row.org_id, row.indicator_id)].append(row)
        for rows_of_org in self.histories.values():
            rows_of_org.sort(key=lambda row: row.period.sort_key)
        self._spreads: dict[tuple[int, str, str, int], quality.Spread | None] = {}

    def flags(self, row: Row) -> list[Flag]:
        found = []
        key = row.peer_key
        if key not in self._spreads:
            self._spreads[key] = quality.spread(self.groups.get(key, ()))
        spread = self._spreads[key]
        if spread is not None:
            z = spread.z(row.value)
            if quality.is_outlier(z):
                found.append(Flag(PEERS, z, spread.median, spread.count))  # type: ignore[arg-type]
        earlier = [
            other.value
            for other in self.histories.get((row.org_id, row.indicator_id), ())
            if other.period.kind == row.period.kind and other.period.end < row.period.start
        ][-HISTORY_PERIODS:]
        history = quality.history_outlier(row.value, earlier)
        if history is not None:
            found.append(Flag(HISTORY, *history))
        return found


def around(results: list[Result]) -> Q:
    """The rows needed to judge ``results``: their peers, and their organisations' history of the indicator."""
    years = {result.fiscal_year for result in results}
    return Q(indicator_id__in={r.indicator_id for r in results}, period__in={r.period for r in results}) | Q(
        org_id__in={r.org_id for r in results},
        indicator_id__in={r.indicator_id for r in results},
        fiscal_year__gte=min(years) - HISTORY_YEARS,
        fiscal_year__lte=max(years),
    )


AROUND_FIELDS = ("org_id", "indicator_id", "period", "fiscal_year", "value", "numerator", "denominator", "status",
                 "org__kind", "org__depth", "indicator__multiplier")


def nearby(results: list[Result]) -> list[Result]:
    """The reported results :func:`around` ``results``, with their organisation's kind and depth and their
    indicator's multiplier (1 query; none for no results)."""
    if not results:
        return []
    return list(Result.objects.filter(around(results), status__in=REPORTED).select_related("org", "indicator")
                .only(*AROUND_FIELDS).order_by())


def warnings_among(rows: list[Result], wanted: Iterable[int]) -> dict[int, list[Flag]]:
    """result id → why its value looks unusual, for the ``wanted`` results among ``rows`` (from :func:`nearby`)."""
    raw = [(row.pk, row.indicator_id, row.org_id, row.period, row.org.kind, row.org.depth, row.value, row.numerator,
            row.denominator, row.indicator.multiplier, row.status) for row in rows]
    judged = list(rows_of(raw))
    assessor = Assessor(judged)
    ids = set(wanted)
    return {row.pk: flags for row in judged if row.pk in ids and (flags := assessor.flags(row))}


def warnings_for(results: list[Result]) -> dict[int, list[Flag]]:
    """result id → why its value looks unusual (1 query; none when the list is empty)."""
    return warnings_among(nearby(results), (result.pk for result in results))


def with_open_flag(results: QuerySet[Result]) -> QuerySet[Result]:
    """``results`` annotated with their open follow-up flag's reason, author and time (``flag_reason``,
    ``flag_by``, ``flag_at``; None without one), in the same query; :func:`flag_of` reads them back."""
    flag = FollowUp.objects.filter(result=OuterRef("pk"), cleared_at__isnull=True)
    return results.annotate(
        flag_reason=Subquery(flag.values("reason")[:1]),
        flag_by=Subquery(flag.values("set_by_label")[:1]),
        flag_at=Subquery(flag.values("set_at")[:1]),
    )


def flag_of(result: Result) -> FollowUp | None:
    reason = getattr(result, "flag_reason", None)
    if reason is None:
        return None
    return FollowUp(result=result, reason=reason, set_by_label=getattr(result, "flag_by", ""),
                    set_at=getattr(result, "flag_at", None))


@dataclass
class RateLine:
    subject: Any  # an OrgUnit or an Indicator
    reported: int = 0
    expected: int = 0

    @property
    def rate(self) -> float | None:
        return quality.reporting_rate(self.reported, self.expected)


@dataclass
class Unusual:
    row: Row
    flags: list[Flag]
    org: OrgUnit | None = None
    indicator: Indicator | None = None


@dataclass
class YearQuality:
    fiscal_year: int
    by_org: list[RateLine] = field(default_factory=list)
    by_indicator: list[RateLine] = field(default_factory=list)
    outliers: list[Unusual] = field(default_factory=list)
    outlier_count: int = 0
    flags: list[FollowUp] = field(default_factory=list)
    flag_count: int = 0

    @property
    def overall(self) -> RateLine:
        return RateLine(None, sum(line.reported for line in self.by_org), sum(line.expected for line in self.by_org))


Duty = tuple[int, int, str]  # indicator id, organisation id, the indicator's period type


def duties_of(fiscal_year: int) -> tuple[list[Duty], ReportingCalendar]:
    """Who reports what in the year: (indicator, organisation, period type) of every indicator with criteria for
    the year and each of its responsible organisations — and the year's reporting calendar, read in the same query
    (a subquery: the pages that show rates count their queries)."""
    scored = Criterion.objects.filter(fiscal_year=fiscal_year).values("indicator_id")
    grace = ReportingCalendar.objects.filter(fiscal_year=fiscal_year).values("grace_days")[:1]
    rows = list(
        Indicator.responsible.through.objects.filter(indicator_id__in=scored)
        .annotate(grace=Subquery(grace))
        .order_by()
        .values_list("indicator_id", "orgunit_id", "indicator__period_type", "grace")
    )
    calendar = ReportingCalendar(fiscal_year=fiscal_year)  # the defaults, unless the year has its own
    if rows and rows[0][3] is not None:
        calendar.grace_days = rows[0][3]
    return [(indicator_id, org_id, period_type) for indicator_id, org_id, period_type, _grace in rows], calendar


def reporting_rates(
    duties: Iterable[Duty],
    reported: dict[tuple[int, int], list[Period]],
    fiscal_year: int,
    calendar: ReportingCalendar,
    today: date,
) -> tuple[dict[int, RateLine], dict[int, RateLine]]:
    """(organisation id → its line, indicator id → its line): of every (organisation, indicator, period) whose due
    date (``due.due_date``: the period's end plus the year's grace days) is before ``today``, how many have a
    result submitted or approved for a period overlapping it (``reported``: (indicator id, organisation id) → the
    periods reported; a whole-year value reports its quarters, as the executive page's late list counts)."""
    kinds = {kind.value: kind for kind in PeriodKind}
    due: dict[str, list[Period]] = {}
    by_org: dict[int, RateLine] = {}
    by_indicator: dict[int, RateLine] = {}
    for indicator_id, org_id, period_type in duties:
        if period_type not in due:
            kind = kinds.get(period_type)
            periods = periods_of(fiscal_year, kind) if kind is not None else []
            due[period_type] = [p for p in periods if due_date(p, calendar) < today]
        done = reported.get((indicator_id, org_id), ())
        for period in due[period_type]:
            hit = int(any(other.overlaps(period) for other in done))
            for lines, key in ((by_org, org_id), (by_indicator, indicator_id)):
                line = lines.setdefault(key, RateLine(key))
                line.expected += 1
                line.reported += hit
    return by_org, by_indicator


def lowest_first(lines: Iterable[RateLine]) -> list[RateLine]:
    """Lowest rate first (:func:`govkpi.core.quality.lowest_first`), by code among equals."""
    return quality.lowest_first(sorted(lines, key=lambda line: str(getattr(line.subject, "code", ""))))


def outliers(
    raw: list[Raw], fiscal_year: int, ids: set[int] | None, *, period: str = "", periods: Periods | None = None
) -> list[Unusual]:
    """The reported values of the year (of the organisations ``ids``; None: all) that look unusual against their
    peers or their own history, most unusual first; ``raw`` holds the year and the years before."""
    every = list(rows_of(raw, periods))
    assessor = Assessor(every)
    unusual = []
    for row in every:
        if row.period.fiscal_year != fiscal_year or (ids is not None and row.org_id not in ids):
            continue
        if period and row.period.code != period:
            continue
        flags = assessor.flags(row)
        if flags:
            unusual.append(Unusual(row, flags))
    unusual.sort(key=lambda item: (-max(abs(flag.z) for flag in item.flags), item.row.pk))
    return unusual


def year_results(fiscal_year: int, indicator: Indicator | None = None) -> list[Raw]:
    """The reported results of the year and the :data:`HISTORY_YEARS` before (1 streamed query)."""
    rows = Result.objects.filter(fiscal_year__gte=fiscal_year - HISTORY_YEARS, fiscal_year__lte=fiscal_year)
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    return scan(rows)


def reported_periods(raw: Iterable[Raw], fiscal_year: int, periods: Periods) -> dict[tuple[int, int], list[Period]]:
    """(indicator id, organisation id) → the periods of the year reported (a period no rule accepts reports
    nothing; the data problems list it)."""
    found: dict[tuple[int, int], list[Period]] = defaultdict(list)
    for _pk, indicator_id, org_id, code, *_rest in raw:
        period = periods[code]
        if period is not None and period.fiscal_year == fiscal_year:
            found[(indicator_id, org_id)].append(period)
    return found


def open_flag_list(fiscal_year: int, scope: QuerySet[OrgUnit] | None, shown: int = SHOWN) -> list[FollowUp]:
    """The open follow-up flags of the year's results (of the organisations in scope), oldest first (1 query)."""
    flags = FollowUp.objects.filter(cleared_at__isnull=True, result__fiscal_year=fiscal_year)
    if scope is not None:
        flags = flags.filter(result__org__in=scope)
    return list(flags.select_related("result__indicator", "result__org").order_by("set_at", "id")[:shown])


def year_quality(
    fiscal_year: int,
    scope: QuerySet[OrgUnit] | None,
    today: date,
    *,
    period: str = "",
    indicator: Indicator | None = None,
    shown: int = SHOWN,
) -> YearQuality:
    """Reporting rates, outliers and open follow-up flags of a fiscal year for the organisations of ``scope``
    (None: all). Peers outside the scope still count as peers. ``period`` and ``indicator`` narrow the outliers
    and the rates by indicator."""
    ids = None if scope is None else set(scope.values_list("id", flat=True))
    report = YearQuality(fiscal_year)
    periods = Periods()
    raw = year_results(fiscal_year, indicator)
    duties, calendar = duties_of(fiscal_year)
    duties = [duty for duty in duties if ids is None or duty[1] in ids]
    if indicator is not None:
        duties = [duty for duty in duties if duty[0] == indicator.pk]
    by_org, by_indicator = reporting_rates(duties, reported_periods(raw, fiscal_year, periods), fiscal_year, calendar,
                                           today)
    unusual = outliers(raw, fiscal_year, ids, period=period, periods=periods)
    report.outlier_count = len(unusual)
    report.outliers = unusual[:shown]
    orgs = OrgUnit.objects.in_bulk({*by_org, *(item.row.org_id for item in report.outliers)})
    indicators = Indicator.objects.in_bulk({*by_indicator, *(item.row.indicator_id for item in report.outliers)})
    for lines, found in ((by_org, orgs), (by_indicator, indicators)):
        for line in lines.values():
            line.subject = found.get(line.subject)
    report.by_org = lowest_first(line for line in by_org.values() if line.subject is not None)
    report.by_indicator = lowest_first(line for line in by_indicator.values() if line.subject is not None)
    for item in report.outliers:
        item.org, item.indicator = orgs.get(item.row.org_id), indicators.get(item.row.indicator_id)
    report.flags = open_flag_list(fiscal_year, scope, shown)
    report.flag_count = len(report.flags)
    return report

"""Fiscal periods of the Thai government year.

Fiscal year FY (a Buddhist-Era year) runs from 1 October of CE year FY − 544 to 30 September of CE year
FY − 543: FY 2565 = 2021-10-01 … 2022-09-30. It is named after the year it ends in.

Period codes (workbook.md, *Values*):

============  ==================================================  ===========================
code          meaning                                             FY 2565
============  ==================================================  ===========================
``2565``      the whole fiscal year                               2021-10-01 … 2022-09-30
``2565-H1``   first half (October–March); ``H2`` April–September  2021-10-01 … 2022-03-31
``2565-Q1``   quarter 1 (October–December) … ``Q4``               2021-10-01 … 2021-12-31
``2565-M01``  month 1 (October) … ``M12`` (September)             2021-10-01 … 2021-10-31
============  ==================================================  ===========================

Parsing trims spaces, accepts Thai digits and any letter case (``๒๕๖๕-q๑``). Halves and quarters take one
digit; months take one or two digits and are normalised to two (``2565-M1`` → ``2565-M01``). The year is
always four digits and must be a BE year.

Errors are :class:`PeriodError` (a ``ValueError``) with one of these codes:

``invalid_period``  text that is not a period code. params: ``value``.
``ce_year``         a year below 2400, i.e. a CE year where BE is expected. params: ``value``, ``year``.
``invalid_year``    a fiscal year that is not a four-digit integer. params: ``year``.
``invalid_index``   an index outside its kind (``2565-Q5``, ``2565-M13``, ``2565-H0``).
                    params: ``value``, ``kind``, ``index``, ``max``.
``invalid_option``  an unknown ``lang`` or ``digits`` argument to :meth:`Period.label`. params: ``value``.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property, lru_cache

from pythainlp.util import thai_strftime

from govkpi.core.errors import CoreError
from govkpi.core.thai import BE_MIN, be_to_ce, ce_to_be, to_arabic_digits, to_thai_digits

__all__ = [
    "Period",
    "PeriodError",
    "PeriodKind",
    "find_overlaps",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "parse_period",
    "period_containing",
    "periods_of",
]

FY_MAX = 9999

_CODE_RE = re.compile(r"([0-9]{4})(?:-(?:([HQ])([0-9])|M([0-9]{1,2})))?", re.IGNORECASE)

_EN_MONTHS = ("Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep")


class PeriodError(CoreError):
    """A period code or fiscal year that is not valid."""


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"

    @property
    def months(self) -> int:
        """How many months a period of this kind lasts."""
        return _MONTHS[self]

    @property
    def per_year(self) -> int:
        """How many periods of this kind make up a fiscal year."""
        return 12 // _MONTHS[self]


_MONTHS = {PeriodKind.YEAR: 12, PeriodKind.HALF: 6, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}
_LETTERS = {PeriodKind.HALF: "H", PeriodKind.QUARTER: "Q", PeriodKind.MONTH: "M"}


def _check_fiscal_year(year: int, text: str | None = None) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or year > FY_MAX:
        raise PeriodError("invalid_year", f"fiscal year must be a 4-digit BE year, not {year!r}", {"year": year})
    if year < BE_MIN:
        raise PeriodError(
            "ce_year",
            f"{year} looks like a Christian-era year; fiscal years are BE years ({BE_MIN} or later)",
            {"value": text if text is not None else str(year), "year": year},
        )
    return year


def _add_months(d: date, months: int) -> date:
    """The first day of the month ``months`` after the month of ``d``."""
    total = d.year * 12 + d.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def fiscal_year_bounds(fy: int) -> tuple[date, date]:
    """First and last day (inclusive) of fiscal year ``fy`` (BE): 2565 → (2021-10-01, 2022-09-30)."""
    _check_fiscal_year(fy)
    return date(be_to_ce(fy) - 1, 10, 1), date(be_to_ce(fy), 9, 30)


def fiscal_year_of(d: date) -> int:
    """The BE fiscal year that contains ``d``: 2021-10-01 → 2565, 2022-09-30 → 2565."""
    return ce_to_be(d.year) + (1 if d.month >= 10 else 0)


@dataclass(frozen=True)
class Period:
    """One period of a fiscal year: the whole year, a half, a quarter or a month."""

    fiscal_year: int
    kind: PeriodKind
    index: int = 1

    def __post_init__(self) -> None:
        _check_fiscal_year(self.fiscal_year)
        if not isinstance(self.kind, PeriodKind):
            object.__setattr__(self, "kind", PeriodKind(self.kind))
        count = self.kind.per_year
        if isinstance(self.index, bool) or not isinstance(self.index, int) or not 1 <= self.index <= count:
            raise PeriodError(
                "invalid_index",
                f"a {self.kind} index must be between 1 and {count}, not {self.index!r}",
                {"value": str(self.index), "kind": str(self.kind), "index": self.index, "max": count},
            )

    @property
    def code(self) -> str:
        """The workbook code: ``2565``, ``2565-H1``, ``2565-Q1``, ``2565-M01``."""
        if self.kind is PeriodKind.YEAR:
            return str(self.fiscal_year)
        if self.kind is PeriodKind.MONTH:
            return f"{self.fiscal_year}-M{self.index:02d}"
        return f"{self.fiscal_year}-{_LETTERS[self.kind]}{self.index}"

    def __str__(self) -> str:
        return self.code

    @property
    def months(self) -> int:
        """The number of months the period lasts (12, 6, 3 or 1)."""
        return self.kind.months

    @property
    def is_whole_year(self) -> bool:
        return self.kind is PeriodKind.YEAR

    @cached_property
    def start(self) -> date:
        """The first day of the period."""
        year_start = date(be_to_ce(self.fiscal_year) - 1, 10, 1)
        return _add_months(year_start, (self.index - 1) * self.months)

    @cached_property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        return _add_months(self.start, self.months) - timedelta(days=1)

    @property
    def sort_key(self) -> tuple[date, int]:
        """Chronological order: by start date, then the longer period first (``2565`` before ``2565-H1``)."""
        return self.start, -self.months

    def contains(self, other: Period) -> bool:
        """True if ``other`` lies entirely within this period (a period contains itself)."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Period) -> bool:
        """True if the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def label(self, lang: str = "th", digits: str = "arabic") -> str:
        """A human label.

        Thai: ``ปีงบประมาณ 2565``, ``ครึ่งปีแรก 2565``, ``ครึ่งปีหลัง 2565``, ``ไตรมาส 1/2565``, and for a month the
        calendar month with its own BE calendar year (``ต.ค. 2564`` for 2565-M01). English: ``FY2565``,
        ``H1 FY2565``, ``Q1 FY2565`` and ``Oct 2564 BE`` (BE, as users see BE everywhere).
        """
        fy, i = self.fiscal_year, self.index
        if lang == "th":
            if self.kind is PeriodKind.MONTH:
                text = thai_strftime(datetime.combine(self.start, time()), "%b %Y")
            else:
                text = {
                    PeriodKind.YEAR: f"ปีงบประมาณ {fy}",
                    PeriodKind.HALF: f"{'ครึ่งปีแรก' if i == 1 else 'ครึ่งปีหลัง'} {fy}",
                    PeriodKind.QUARTER: f"ไตรมาส {i}/{fy}",
                }[self.kind]
        elif lang == "en":
            text = {
                PeriodKind.YEAR: f"FY{fy}",
                PeriodKind.HALF: f"H{i} FY{fy}",
                PeriodKind.QUARTER: f"Q{i} FY{fy}",
                PeriodKind.MONTH: f"{_EN_MONTHS[i - 1]} {ce_to_be(self.start.year)} BE",
            }[self.kind]
        else:
            raise PeriodError("invalid_option", f"lang must be 'th' or 'en', not {lang!r}", {"value": lang})
        if digits == "thai":
            return to_thai_digits(text)
        if digits != "arabic":
            raise PeriodError("invalid_option", f"digits must be 'arabic' or 'thai', not {digits!r}", {"value": digits})
        return text


def parse_period(text: str) -> Period:
    """Parse a period code (see the module docstring); raise PeriodError on anything else."""
    if not isinstance(text, str):
        raise PeriodError("invalid_period", f"{text!r} is not a period code", {"value": text})
    return _parse_period(text)


@lru_cache(maxsize=4096)
def _parse_period(text: str) -> Period:
    """Memoised: a workbook of 100,000 results holds a few dozen distinct codes, and a Period is immutable."""
    match = _CODE_RE.fullmatch(to_arabic_digits(text.strip()))
    if not match:
        raise PeriodError("invalid_period", f"{text!r} is not a period code such as 2565-Q1", {"value": text})
    year_text, letter, digit, month = match.groups()
    fiscal_year = _check_fiscal_year(int(year_text), text)
    if letter is None and month is None:
        return Period(fiscal_year, PeriodKind.YEAR, 1)
    kind = PeriodKind.MONTH if month is not None else (PeriodKind.HALF if letter.upper() == "H" else PeriodKind.QUARTER)
    index = int(month if month is not None else digit)
    if not 1 <= index <= kind.per_year:
        raise PeriodError(
            "invalid_index",
            f"{text!r}: a {kind} index must be between 1 and {kind.per_year}",
            {"value": text, "kind": str(kind), "index": index, "max": kind.per_year},
        )
    return Period(fiscal_year, kind, index)


def periods_of(fy: int, kind: PeriodKind) -> list[Period]:
    """All periods of one kind in fiscal year ``fy``, in order."""
    _check_fiscal_year(fy)
    kind = PeriodKind(kind)
    return [Period(fy, kind, i) for i in range(1, kind.per_year + 1)]


def period_containing(d: date, kind: PeriodKind) -> Period:
    """The period of the given kind that contains date ``d``."""
    kind = PeriodKind(kind)
    month_offset = (d.month - 10) % 12  # October is month 0 of the fiscal year
    return Period(fiscal_year_of(d), kind, month_offset // kind.months + 1)


def find_overlaps(periods: Iterable[Period]) -> list[tuple[Period, Period]]:
    """Pairs of overlapping sub-periods, each pair in chronological order, the pairs sorted.

    Whole-year periods are ignored: a whole-year result may stand beside sub-period results (scoring.md §1).
    A period given twice overlaps itself and is reported. O(n log n + pairs): a sweep over start dates.
    """
    subs = sorted((p for p in periods if not p.is_whole_year), key=lambda p: p.sort_key)
    active: list[tuple[date, int, Period]] = []  # a heap of (end, position, period) still open
    pairs: list[tuple[Period, Period]] = []
    for position, period in enumerate(subs):
        while active and active[0][0] < period.start:
            heapq.heappop(active)
        for _, _, earlier in sorted(active, key=lambda item: item[1]):
            pairs.append((earlier, period))
        heapq.heappush(active, (period.end, position, period))
    return pairs

"""The inputs of a fiscal year's scores for every organisation, read as columns.

The policy, criteria, indicators and goals come from `govkpi.scorecards.loading` (a few thousand rows, as model
instances); the organisations as nodes in tree order (`loading`'s own order); the approved results — millions of
rows at national scale — as numpy columns, never as one Python object per result: on PostgreSQL each column of a
range of result ids comes as one ``bytea`` (the server's binary values, concatenated by ``string_agg``), read in
place into arrays allocated once; elsewhere (SQLite) batches of plain tuples. A period code is parsed once per
distinct code. The ranges are read in separate statements: a result written meanwhile may or may not be seen, as
with any read outside a transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import connection

from govkpi.core.periods import Period
from govkpi.core.results import Problem, check_number, month_mask
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Criterion
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result

from ..loading import OrgNode, YearData, load_criteria, load_policy, org_nodes, result_period

# Null flags of a result row: which of value, numerator, denominator is empty.
NO_VALUE, NO_NUMERATOR, NO_DENOMINATOR = 1, 2, 4
BATCH = 100_000


@dataclass
class PeriodTable:
    """The distinct period codes of the year's results, parsed once: index → period or problem."""

    codes: list[str]
    parsed: list[Period | Problem]

    def column(self, attribute: str, default: int) -> np.ndarray:
        found = [getattr(p, attribute) if isinstance(p, Period) else default for p in self.parsed]
        return np.array(found, dtype=np.int64)

    @property
    def valid(self) -> np.ndarray:
        return np.array([isinstance(p, Period) for p in self.parsed], dtype=bool)

    @property
    def masks(self) -> np.ndarray:
        return np.array([month_mask(p) if isinstance(p, Period) else 0 for p in self.parsed], dtype=np.int64)

    @property
    def ends(self) -> np.ndarray:
        """The period's end as a day number (the order of `Period.end`)."""
        return np.array([p.end.toordinal() if isinstance(p, Period) else 0 for p in self.parsed], dtype=np.int64)


@dataclass
class Results:
    """Approved results of the year, one entry per row, in the order the database returned them."""

    org: np.ndarray  # organisation id (int32: 35 bytes a result in all)
    indicator: np.ndarray  # indicator id
    period: np.ndarray  # index into `periods`
    value: np.ndarray  # 0 where empty (see `nulls`)
    numerator: np.ndarray
    denominator: np.ndarray
    nulls: np.ndarray  # NO_VALUE | NO_NUMERATOR | NO_DENOMINATOR
    periods: PeriodTable

    def __len__(self) -> int:
        return len(self.org)

    def problem(self, row: int) -> Problem | None:
        """The rule row ``row`` breaks, as `loading` says it (a period no rule accepts, a number out of bounds)."""
        parsed = self.periods.parsed[int(self.period[row])]
        if isinstance(parsed, Problem):
            return parsed
        flags = int(self.nulls[row])
        for name, column, flag in (
            ("value", self.value, NO_VALUE),
            ("numerator", self.numerator, NO_NUMERATOR),
            ("denominator", self.denominator, NO_DENOMINATOR),
        ):
            if not flags & flag:
                problem = check_number(float(column[row]), name)
                if problem is not None:
                    return problem
        return None


@dataclass
class Inputs:
    data: YearData  # policy, indicators, goals, criteria, organisations (no results)
    results: Results
    criteria_org_ids: set[int]  # organisations with criteria of their own


def _sql(period: str, typed: bool) -> str:
    """The results query (`loading.load_year`'s filter); ``typed`` casts every column to a fixed-width type."""
    result = Result._meta.db_table
    criterion = Criterion._meta.db_table
    nulls = (
        "(CASE WHEN value IS NULL THEN 1 ELSE 0 END) + (CASE WHEN numerator IS NULL THEN 2 ELSE 0 END)"
        " + (CASE WHEN denominator IS NULL THEN 4 ELSE 0 END)"
    )
    columns = [("org_id", "int4"), ("indicator_id", "int4"), (period, "int2"), ("COALESCE(value, 0)", "float8"),
               ("COALESCE(numerator, 0)", "float8"), ("COALESCE(denominator, 0)", "float8"), (nulls, "int2")]
    select = ", ".join(f"({expr})::{kind}" if typed else expr for expr, kind in columns)
    return (
        f"SELECT {select} FROM {result} WHERE fiscal_year = %s AND status = %s AND indicator_id IN "
        f"(SELECT indicator_id FROM {criterion} WHERE fiscal_year = %s)"
    )


def _params(fiscal_year: int) -> list[object]:
    return [fiscal_year, str(ResultStatus.APPROVED), fiscal_year]


def _periods(codes: list[str]) -> PeriodTable:
    return PeriodTable(codes, [result_period(code) for code in codes])


def _read_batches(fiscal_year: int) -> Results:
    """Any database: the rows in batches of tuples, each batch turned into columns at once."""
    sql = _sql("period", typed=False)
    columns: list[list[np.ndarray]] = [[] for _ in range(7)]
    index: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, _params(fiscal_year))
        while rows := cursor.fetchmany(BATCH):
            org, indicator, period, value, numerator, denominator, nulls = zip(*rows, strict=True)
            columns[0].append(np.array(org, dtype=np.int32))
            columns[1].append(np.array(indicator, dtype=np.int32))
            columns[2].append(np.array([index.setdefault(code, len(index)) for code in period], dtype=np.int16))
            for position, column in ((3, value), (4, numerator), (5, denominator)):
                columns[position].append(np.array(column, dtype=np.float64))
            columns[6].append(np.array(nulls, dtype=np.int8))
    dtypes = (np.int32, np.int32, np.int16, np.float64, np.float64, np.float64, np.int8)
    joined = [np.concatenate(part) if part else np.zeros(0, kind) for part, kind in zip(columns, dtypes, strict=True)]
    return Results(*joined, periods=_periods(list(index)))


_SENDS = (("int4send", ">i4", np.int32), ("int4send", ">i4", np.int32), ("int2send", ">i2", np.int16),
          ("float8send", ">f8", np.float64), ("float8send", ">f8", np.float64), ("float8send", ">f8", np.float64),
          ("int2send", ">i2", np.int8))
ID_RANGE = 250_000  # result ids per query


def _read_postgresql(fiscal_year: int) -> Results:
    """PostgreSQL: each column of a range of results as one ``bytea`` (the values' binary send format, concatenated
    by the server), read straight into numpy: no Python object per row."""
    result = Result._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT period FROM {result} WHERE fiscal_year = %s AND status = %s", _params(fiscal_year)[:2]
        )
        codes = sorted(code for (code,) in cursor.fetchall())
        if not codes:
            return _read_none()
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {result} WHERE fiscal_year = %s", [fiscal_year])
        low, high = cursor.fetchone()
        case = "CASE period " + " ".join(f"WHEN %s THEN {i}" for i in range(len(codes))) + " END"
        inner = _sql(case, typed=True) + " AND id >= %s AND id < %s"
        aggregates = ", ".join(f"string_agg({send}(c{i}), ''::bytea)" for i, (send, _, _) in enumerate(_SENDS))
        names = ", ".join(f"c{i}" for i in range(len(_SENDS)))
        sql = f"SELECT {aggregates} FROM ({inner}) AS rows ({names})"
        cursor.execute(f"SELECT COUNT(*) FROM ({_sql('period', typed=False)}) AS rows", _params(fiscal_year))
        capacity = cursor.fetchone()[0]
        # Allocated once and filled in place: batches allocated and freed one after the other would leave the heap
        # fragmented (hundreds of MB resident at national scale).
        columns = [np.empty(capacity, dtype=kind) for _, _, kind in _SENDS]
        filled = 0
        for start in range(low, high + 1, ID_RANGE):
            cursor.execute(sql, [*codes, *_params(fiscal_year), start, start + ID_RANGE])
            row = cursor.fetchone()
            if row[0] is None:
                continue
            count = len(row[0]) // np.dtype(_SENDS[0][1]).itemsize
            if filled + count > capacity:  # rows written since the count
                capacity = max(2 * capacity, filled + count)
                columns = [np.resize(column, capacity) for column in columns]
            for column, (_, wire, _kind), data in zip(columns, _SENDS, row, strict=True):
                column[filled : filled + count] = np.frombuffer(data, dtype=wire)
            filled += count
    return Results(*(column[:filled] for column in columns), periods=_periods(codes))


def read_results(fiscal_year: int) -> Results:
    if connection.vendor == "postgresql":
        return _read_postgresql(fiscal_year)
    return _read_batches(fiscal_year)


def read_inputs(fiscal_year: int) -> Inputs:
    """Everything `score_all` reads (`loading.load_year` without a root), results as columns."""
    data = load_criteria(fiscal_year, None, load_policy(fiscal_year))
    data.orgs = org_nodes(OrgUnit.objects.order_by())
    results = read_results(fiscal_year) if data.indicators else _read_none()
    return Inputs(data, results, set(data.org_criteria))


def _read_none() -> Results:
    empty = np.zeros(0)
    return Results(empty.astype(np.int32), empty.astype(np.int32), empty.astype(np.int16), empty, empty, empty,
                   empty.astype(np.int8), PeriodTable([], []))


__all__ = ["Inputs", "OrgNode", "Results", "read_inputs"]

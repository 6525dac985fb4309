"""The benchmarks of issue 2: loading a workbook of N results, and scoring every organisation.

Every case returns rows of {"name", "value", "unit", "target", "baseline", "baseline_what", "ratio", "passed"}.
"""

from __future__ import annotations

import io
import json
import random
import resource
import sqlite3
import time
from pathlib import Path

import synth

BENCHMARKS = ["workbook.load_json", "workbook.load_xlsx", "score.all_orgs"]
MAX_SCALE = 100_000  # at national scale these run at the standard size; bench_national measures 1 M rows
FISCAL_YEAR = synth.FISCAL_YEAR


def prepare(scale: int, workdir: Path) -> None:
    book = synth.workbook(results=scale)
    synth.write_json(book, workdir / "book.json")
    synth.write_xlsx(book, workdir / "book.xlsx")


def _rows(path: Path) -> int:
    return sum(len(rows) for rows in json.loads(path.with_suffix(".json").read_text(encoding="utf-8")).values())


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load(path: Path) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("load", str(path), stdout=io.StringIO())
    return time.perf_counter() - started


def _raw_sqlite_json(path: Path) -> float:
    """The floor: parse the same JSON and insert its results with executemany into a bare SQLite table."""
    started = time.perf_counter()
    book = json.loads(path.read_text(encoding="utf-8"))
    db = sqlite3.connect(":memory:")
    db.execute("create table r (indicator text, org text, period text, value real, numerator real, denominator real)")
    db.executemany(
        "insert into r values (?, ?, ?, ?, ?, ?)",
        [
            (r["indicator"], r["org"], r["period"], r.get("value"), r.get("numerator"), r.get("denominator"))
            for r in book["results"]
        ],
    )
    db.commit()
    return time.perf_counter() - started


def _read_xlsx(path: Path) -> float:
    """The floor for xlsx: only reading every cell of the file with openpyxl in read-only mode."""
    from openpyxl import load_workbook

    started = time.perf_counter()
    xlsx = load_workbook(path, read_only=True, data_only=True)
    for sheet in xlsx.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass
    xlsx.close()
    return time.perf_counter() - started


def _load_case(name: str, path: Path, target: float, baseline: float, baseline_what: str) -> list[dict]:
    rows = _rows(path)
    seconds = _load(path)
    speed, floor = rows / seconds, rows / baseline
    peak = _peak_mb()
    return [
        {
            "name": name,
            "value": speed,
            "unit": "rows/s",
            "target": f">= {target:,.0f}",
            "baseline": floor,
            "baseline_what": baseline_what,
            "ratio": speed / floor,
            "passed": speed >= target,
            "rows": rows,
            "seconds": seconds,
        },
        {
            "name": f"{name}.peak_memory",
            "value": peak,
            "unit": "MB",
            "target": "< 1024",
            "baseline": None,
            "baseline_what": "none (absolute)",
            "ratio": None,
            "passed": peak < 1024,
        },
    ]


def workbook_load_json(scale: int, workdir: Path) -> list[dict]:
    path = workdir / "book.json"
    return _load_case(
        "workbook.load.json",
        path,
        20_000,
        _raw_sqlite_json(path),
        "json.load + sqlite3 executemany of the results into a bare in-memory table (rows/s)",
    )


def workbook_load_xlsx(scale: int, workdir: Path) -> list[dict]:
    path = workdir / "book.xlsx"
    return _load_case(
        "workbook.load.xlsx",
        path,
        5_000,
        _read_xlsx(path),
        "openpyxl read-only pass over every cell, nothing else (rows/s)",
    )


def _naive_score(org, indicators, criteria, policy) -> None:
    """The straightforward approach: the ORM, one organisation and one indicator at a time, recursively."""
    from govkpi.core.scoring import Direction, level_score
    from govkpi.results.models import Result

    def value(unit, indicator):
        own = list(Result.objects.filter(org=unit, indicator=indicator, status="approved", fiscal_year=FISCAL_YEAR))
        if own:
            if indicator.aggregation == "ratio":
                return sum(r.numerator for r in own) / sum(r.denominator for r in own) * indicator.multiplier
            values = [r.value for r in own]
            return (
                values[-1]
                if indicator.aggregation == "last"
                else (sum(values) / len(values) if indicator.aggregation == "mean" else sum(values))
            )
        children = [v for child in unit.children.all() if (v := value(child, indicator)) is not None]
        if not children:
            return None
        return sum(children) / len(children) if indicator.aggregation == "mean" else sum(children)

    for indicator in indicators:
        found = value(org, indicator)
        if found is not None:
            level_score(found, criteria[indicator.pk].thresholds, Direction(indicator.direction), policy)


def score_all_orgs(scale: int, workdir: Path) -> list[dict]:
    from django.core.management import call_command

    from govkpi.core.scoring import Policy
    from govkpi.orgs.models import OrgUnit
    from govkpi.plans.models import Criterion, Indicator

    _load(workdir / "book.json")
    started = time.perf_counter()
    call_command("score", fiscal_year=FISCAL_YEAR, all_orgs=True, format="json", stdout=io.StringIO())
    seconds = time.perf_counter() - started

    orgs = list(OrgUnit.objects.all())
    indicators = list(Indicator.objects.all())
    criteria = {c.indicator_id: c for c in Criterion.objects.filter(fiscal_year=FISCAL_YEAR, org=None)}
    sample = random.Random(1).sample(orgs, min(20, len(orgs)))
    started = time.perf_counter()
    for org in sample:
        _naive_score(org, indicators, criteria, Policy())
    naive = (time.perf_counter() - started) / len(sample) * len(orgs)
    return [
        {
            "name": "score.all_orgs",
            "value": seconds,
            "unit": "s",
            "target": "< 5",
            "baseline": naive,
            "baseline_what": f"ORM loop, one organisation and indicator at a time, {len(sample)} organisations sampled "
            f"and extrapolated to {len(orgs)} (s)",
            "ratio": naive / seconds,
            "passed": seconds < 5,
            "orgs": len(orgs),
        },
    ]

"""The benchmarks of issue 8: the nation's synthetic data, scored, refreshed after approvals, imported and served.

`--scale national` generates the national recipe of `govkpi.synth` (19,304 organisations, 1,200 indicators) with a
share of the reporting organisations' monthly results (GOVKPI_BENCH_FRACTION, default 0.1, i.e. about 0.96 of the
9.6 million values); times that grow with the number of results are extrapolated linearly to the whole and say so
in their row. `--scale small` and `standard` run the same benchmarks on the small province.

Baselines in the same run: (a) the Django ORM loop, one organisation and indicator at a time, on a sample,
extrapolated; (b) one hand-written SQL query computing the province-level scores from the results.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import national_baselines  # benchmarks/ is on the path (run.py)
from http_load import overview_p95

BENCHMARKS = ["national.scores", "national.import"]
YEAR = 2565
IMPORT_ROWS = 1_000_000
HERE = Path(__file__).resolve().parent


def _scale(scale: int) -> tuple[str, float]:
    if scale >= 1_000_000:
        return "national", float(os.environ.get("GOVKPI_BENCH_FRACTION", "0.1"))
    return "small", 1.0


def _row(name, value, unit, target, passed, baseline=None, baseline_what="none (absolute)", ratio=None, **more):
    return {
        "name": name,
        "value": value,
        "unit": unit,
        "target": target,
        "baseline": baseline,
        "baseline_what": baseline_what,
        "ratio": ratio,
        "passed": passed,
        **more,
    }


def _all_results(name: str) -> int:
    """How many results the whole recipe has (without generating them)."""
    from govkpi.synth.generate import MONTHS, SCALES, reporters

    scale = SCALES[name]
    return sum(len(MONTHS) * scale.reports[org.reports or ""] for org in reporters(scale, 1))


def _in_child(code: str) -> dict:
    """Run Python code in a fresh process on the same database and return the JSON it prints (own peak memory)."""
    setup = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'govkpi.settings'); django.setup()\n"
    out = subprocess.run([sys.executable, "-c", setup + code], capture_output=True, text=True, cwd=HERE.parent)
    if out.returncode:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


SCORE_ALL = """
import json, resource, time
from govkpi.scorecards.incremental import materialise
started = time.perf_counter()
orgs = materialise(2565)
print(json.dumps({"seconds": time.perf_counter() - started, "orgs": orgs,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _refresh_times(count: int) -> list[float]:
    """Approve a changed value of a random result, record it, and time `refresh_after_change` (ms)."""
    from django.db import transaction

    from govkpi.audit.actions import record
    from govkpi.results.models import Result
    from govkpi.scorecards.incremental import refresh_after_change

    ids = list(Result.objects.filter(value__isnull=False).values_list("id", flat=True)[:50_000])
    rng = random.Random(8)
    times = []
    for pk in rng.sample(ids, min(count, len(ids))):
        result = Result.objects.get(pk=pk)
        with transaction.atomic():
            Result.objects.filter(pk=pk).update(value=result.value + 1)
            record(
                acting_user=None,
                channel="cli",
                action="results.approve",
                object_type="results.result",
                object_key=str(pk),
            )
            started = time.perf_counter()
            ok = refresh_after_change(YEAR, [result.org_id], [result.indicator_id])
            times.append((time.perf_counter() - started) * 1000)
        assert ok, "the store was current before the approval"
    return times


def national_scores(scale: int, workdir: Path) -> list[dict]:
    from govkpi.results.models import Result
    from govkpi.scorecards.services import find_org, score_org
    from govkpi.synth.actions import load_synthetic

    name, fraction = _scale(scale)
    started = time.perf_counter()
    report = load_synthetic(name, 1, fraction, acting_user=None, channel="cli")
    load_seconds = time.perf_counter() - started
    results = Result.objects.count()
    whole = _all_results(name)
    share = results / whole
    note = f" ({results:,} results measured, × {1 / share:.1f} extrapolated to {whole:,})" if share < 1 else ""
    rows = [
        _row(
            f"{name}.synth.load",
            results / load_seconds,
            "rows/s",
            "none (setup)",
            True,
            orgs=report.organisations,
            results=results,
            seconds=load_seconds,
        )
    ]

    scored = _in_child(SCORE_ALL)
    seconds, peak = scored["seconds"] / share, scored["peak_mb"] / share
    naive, pairs = national_baselines.naive(40 if name == "national" else 200)
    sql_seconds, sql_scores = national_baselines.sql_scores()
    sql_full = sql_seconds / share
    rows.append(
        _row(
            f"{name}.score.all_orgs",
            seconds,
            "s",
            "<= 10",
            seconds <= 10,
            naive,
            f"ORM loop, one organisation and indicator at a time: a random sample of pairs timed and "
            f"extrapolated to all {pairs:,} pairs{note} (s)",
            naive / seconds,
            orgs=scored["orgs"],
            measured_seconds=scored["seconds"],
            share=share,
        )
    )
    rows.append(
        _row(
            f"{name}.score.all_orgs.vs_sql",
            seconds,
            "s",
            "<= 2 x SQL",
            seconds <= 2 * sql_full,
            sql_full,
            f"one hand-written SQL statement computing only the {len(sql_scores)} province-level "
            f"overall scores{note} (s)",
            seconds / sql_full,
        )
    )
    rows.append(
        _row(
            f"{name}.score.all_orgs.peak_memory",
            peak,
            "MB",
            "<= 2048",
            peak <= 2048,
            baseline_what=f"peak RSS of the scoring process{note}",
            measured_mb=scored["peak_mb"],
        )
    )

    sample = next(iter(sql_scores))
    ours = score_org(YEAR, find_org(sample))["overall"]
    gap = abs(ours["score"] - sql_scores[sample][0])
    rows.append(
        _row(
            f"{name}.sql_baseline.agrees",
            gap,
            "points",
            "< 1e-6",
            gap < 1e-6,
            baseline_what=f"|our overall score − the SQL's| for province {sample}",
        )
    )

    from govkpi.orgs.models import OrgUnit

    everyone = list(OrgUnit.objects.order_by("pk"))
    picked = random.Random(3).sample(everyone, min(200, len(everyone)))
    started = time.perf_counter()
    for org in picked:
        score_org(YEAR, org)
    per_card = (time.perf_counter() - started) / len(picked)
    rows.append(
        _row(
            f"{name}.score.card_from_store",
            per_card * 1000,
            "ms",
            "none (per card)",
            True,
            baseline_what=f"the full §7 card of one organisation from the stored values, mean of "
            f"{len(picked)}; all {len(everyone):,} cards one after the other: "
            f"{per_card * len(everyone):,.0f} s",
        )
    )

    times = _refresh_times(30)
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    rows.append(
        _row(
            f"{name}.refresh_after_change.p95",
            p95,
            "ms",
            "<= 200",
            p95 <= 200,
            seconds * 1000,
            "recomputing every score instead (ms)",
            seconds * 1000 / p95,
            median=statistics.median(times),
        )
    )

    served = overview_p95(2000 if name == "national" else 500, 50)
    rows.append(
        _row(
            f"{name}.overview.p95",
            served["p95"],
            "ms",
            "<= 150 at 50 connections",
            served["p95"] <= 150,
            baseline_what="gunicorn, 2 workers × 8 threads, load generator on the same 2 cores",
            **{k: v for k, v in served.items() if k != "p95"},
        )
    )
    return rows


def national_import(scale: int, workdir: Path) -> list[dict]:
    """1 million results (national) or the small province's results as a JSON workbook, fully validated."""
    from django.core.management import call_command

    from govkpi.synth.actions import load_synthetic
    from govkpi.synth.generate import SCALES, result_rows

    name, _fraction = _scale(scale)
    load_synthetic(name, 1, 1e-9, acting_user=None, channel="cli")  # the organisations and criteria, no results
    wanted = IMPORT_ROWS if name == "national" else 1_000_000_000
    rows = []
    for row in result_rows(SCALES[name], 1, 1.0):
        rows.append(row)
        if len(rows) == wanted:
            break
    path = workdir / f"import-{name}.json"
    path.write_text(json.dumps({"results": rows}, ensure_ascii=False), encoding="utf-8")
    del rows
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    call_command("load", str(path), stdout=io.StringIO())
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    count = min(wanted, _all_results(name))
    from govkpi.results.models import Result

    assert Result.objects.count() == count
    return [
        _row(
            f"{name}.import.results",
            seconds,
            "s",
            "<= 60 for 1,000,000",
            seconds <= 60 * count / IMPORT_ROWS,
            baseline_what=f"{count:,} rows: read, every cell validated, compared, written (COPY on PostgreSQL), "
            f"audited, one transaction",
            rows_per_s=count / seconds,
        ),
        _row(f"{name}.import.peak_memory", peak, "MB", "none", True, baseline_what=f"before the load: {before:.0f} MB"),
    ]

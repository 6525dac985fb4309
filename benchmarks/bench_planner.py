"""The planner benchmark of issue 18: what it takes for every organisation of the nation, against scoring them.

    DATABASE_URL=postgresql://… python benchmarks/run.py --scale national --only planner   # GOVKPI_BENCH_FRACTION

Data as in `bench_bulk.py`: the national recipe of `govkpi.synth` with a share of the results (GOVKPI_BENCH_FRACTION,
default 0.05), or the small province at `--scale small|standard` (SQLite or PostgreSQL). Each program runs as a whole
process on the same data, measured from the outside (wall time, peak resident memory):

* ours: ``govkpi plan needed --fiscal-year 2565 --all-orgs --format jsonl`` — one read of the year, the scorecard of
  each organisation and the level function run backwards for each of its indicators;
* the baselines, same run: ``govkpi score --fiscal-year 2565 --all-orgs --format jsonl`` (the bulk engine an operator
  runs) and the object-by-object core (`services.score_all`, the cards the planner starts from).

Checks: the planner lists the organisations scoring lists, and each organisation's overall score is the scorecard's.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from bench_bulk import _measured, _row

BENCHMARKS = ["planner.needed_all_orgs"]
YEAR = 2565


def planner_needed_all_orgs(scale: int, workdir: Path) -> list[dict]:
    from govkpi.results.models import Result
    from govkpi.synth.actions import load_synthetic

    name, fraction = ("national", float(os.environ.get("GOVKPI_BENCH_FRACTION", "0.05"))) if scale >= 1_000_000 \
        else ("small", 1.0)
    load_synthetic(name, 1, fraction, acting_user=None, channel="cli")
    results = Result.objects.count()
    govkpi = str(Path(sys.executable).with_name("govkpi"))
    ours_path, scored_path = workdir / "planner.jsonl", workdir / "planner-scored.jsonl"
    ours = _measured([govkpi, "plan", "needed", "--fiscal-year", str(YEAR), "--all-orgs", "--format", "jsonl"],
                     ours_path)
    scored = _measured([govkpi, "score", "--fiscal-year", str(YEAR), "--all-orgs", "--format", "jsonl"], scored_path)
    core_script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'govkpi.settings'); django.setup(); "
        f"from govkpi.scorecards.services import score_all; print(len(score_all({YEAR})))"
    )
    core = _measured([sys.executable, "-c", core_script])
    with open(ours_path, encoding="utf-8") as lines:
        mine = {report["org"]: report["overall"]["score"] for report in map(json.loads, lines)}
    with open(scored_path, encoding="utf-8") as lines:
        theirs = {card["org"]: card["overall"]["score"] for card in map(json.loads, lines)}
    agree = list(mine) == list(theirs) and all(
        (mine[o] is None) == (theirs[o] is None) and (mine[o] is None or abs(mine[o] - theirs[o]) < 1e-9)
        for o in mine)
    note = f"{name} × {fraction:g}: {results:,} results, {len(mine):,} organisations"
    return [
        _row("planner.needed_all_orgs.vs_bulk_scoring", ours[0], "s", "<= 3 x scoring", ours[0] <= 3 * scored[0],
             scored[0], f"{note}; `govkpi score --all-orgs --format jsonl` (bulk engine, whole process) (s)",
             ours[0] / scored[0], peak_mb=ours[1], baseline_peak_mb=scored[1]),
        _row("planner.needed_all_orgs.vs_core_scoring", ours[0], "s", "<= 3 x scoring", ours[0] <= 3 * core[0],
             core[0], "the core's `score_all` (the cards the planner starts from, whole process) (s)",
             ours[0] / core[0], baseline_peak_mb=core[1]),
        _row("planner.needed_all_orgs.agrees_with_scoring", len(mine), "organisations", "same orgs, same overall",
             agree, len(theirs), "organisations `govkpi score --all-orgs` lists"),
    ]

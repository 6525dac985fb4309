"""The benchmark of issue 17: `govkpi score --all-orgs` (the bulk engine) against a columnar reference, same run.

    DATABASE_URL=postgresql://… python benchmarks/run.py --scale national --only bulk    # GOVKPI_BENCH_FRACTION=0.05

Data: the national recipe of `govkpi.synth` with a share of the results (GOVKPI_BENCH_FRACTION, default 0.05: 19,304
organisations, 1,200 indicators, 465,480 results), or the small province at `--scale small|standard`. Both programs
run as whole processes on the same PostgreSQL data, each measured from the outside (wall time, peak resident memory
of that process from `wait4`):

* ours: ``govkpi score --fiscal-year 2565 --all-orgs --format jsonl`` into a file, and the default ``--format json``;
* the reference (`bulk_reference.py`): psycopg + DuckDB in memory, the same four tables read the same way, the same
  cards computed; once writing its cards as JSON lines (DuckDB's writer), once computing only.

Checks: both give the same organisations and overall scores (to 1e-9), and — with GOVKPI_BENCH_CORE=1, slow: the core
takes ≈ 25 s and 2.7 GB at 5 % — every line is byte for byte ``json.dumps`` of the card `services.score_all` makes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCHMARKS = ["bulk.score_all_orgs"]
YEAR = 2565
HERE = Path(__file__).resolve().parent


def _measured(command: list[str], stdout: Path | None = None) -> tuple[float, float, str]:
    """Run a command; (wall seconds, peak RSS in MB of that process, its standard output if not redirected)."""
    started = time.perf_counter()
    with open(stdout, "wb") if stdout else open(os.devnull, "wb") as sink:
        process = subprocess.Popen(command, stdout=sink if stdout else subprocess.PIPE, stderr=subprocess.PIPE,
                                   cwd=HERE.parent)
        out = b"" if stdout else process.stdout.read()  # type: ignore[union-attr]
        errors = process.stderr.read()  # type: ignore[union-attr]
        _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(errors.decode())
    return seconds, usage.ru_maxrss / 1024, out.decode()


def _row(name, value, unit, target, passed, baseline=None, baseline_what="none (absolute)", ratio=None, **more):
    return {"name": name, "value": value, "unit": unit, "target": target, "baseline": baseline,
            "baseline_what": baseline_what, "ratio": ratio, "passed": passed, **more}


def _overall(path: Path) -> dict[str, tuple[float | None, str]]:
    with open(path, encoding="utf-8") as lines:
        return {card["org"]: (card["overall"]["score"], card["overall"]["status"]) for card in map(json.loads, lines)}


def bulk_score_all_orgs(scale: int, workdir: Path) -> list[dict]:
    from django.db import connection

    from govkpi.results.models import Result
    from govkpi.synth.actions import load_synthetic

    if connection.vendor != "postgresql":
        return [_row("bulk.score_all_orgs", 0, "s", "PostgreSQL only", True,
                     baseline_what="skipped: the reference reads PostgreSQL (set DATABASE_URL)")]
    name, fraction = ("national", float(os.environ.get("GOVKPI_BENCH_FRACTION", "0.05"))) if scale >= 1_000_000 \
        else ("small", 1.0)
    load_synthetic(name, 1, fraction, acting_user=None, channel="cli")
    results = Result.objects.count()
    url = os.environ["DATABASE_URL"]
    ours_path, reference_path = workdir / "bulk-ours.jsonl", workdir / "bulk-reference.jsonl"
    govkpi = str(Path(sys.executable).with_name("govkpi"))
    ours = _measured([govkpi, "score", "--fiscal-year", str(YEAR), "--all-orgs", "--format", "jsonl"], ours_path)
    listed = _measured([govkpi, "score", "--fiscal-year", str(YEAR), "--all-orgs"], workdir / "bulk-ours.json")
    listed_size = (workdir / "bulk-ours.json").stat().st_size
    (workdir / "bulk-ours.json").unlink()
    reference_script = [sys.executable, str(HERE / "bulk_reference.py"), url, str(YEAR)]
    full = _measured([*reference_script, str(reference_path)])
    compute = _measured([*reference_script, "-"])
    phases = json.loads(compute[2].strip().splitlines()[-1])
    mine, theirs = _overall(ours_path), _overall(reference_path)
    gap = max((abs(mine[o][0] - theirs[o][0]) for o in mine if o in theirs and mine[o][0] is not None), default=0.0)
    agree = set(mine) == set(theirs) and gap < 1e-9 and all(mine[o][1] == theirs[o][1] for o in mine)
    size = ours_path.stat().st_size
    note = f"{name} × {fraction:g}: {results:,} results, {len(mine):,} cards, {size / 1e6:,.0f} MB of JSON lines"
    rows = [
        _row("bulk.score_all_orgs.vs_reference", ours[0], "s", "<= 3 x reference", ours[0] <= 3 * compute[0],
             compute[0], f"{note}; reference (psycopg + DuckDB, whole process) computing every card without writing "
             f"it: read {phases['read_seconds']:.2f} s, score {phases['score_seconds']:.2f} s (s)",
             ours[0] / compute[0], peak_mb=ours[1], reference_peak_mb=compute[1]),
        _row("bulk.score_all_orgs.json.vs_reference", listed[0], "s", "<= 3 x reference", listed[0] <= 3 * compute[0],
             compute[0], f"the default --format json (one indented list, {listed_size / 1e6:,.0f} MB) against the same "
             f"reference (s)", listed[0] / compute[0], peak_mb=listed[1]),
        _row("bulk.score_all_orgs.vs_reference_writing", ours[0], "s", "<= 3 x reference", ours[0] <= 3 * full[0],
             full[0], "the same reference writing its cards as JSON lines too (s)", ours[0] / full[0],
             reference_peak_mb=full[1]),
        _row("bulk.score_all_orgs.peak_memory", ours[1], "MB", "<= 1024", ours[1] <= 1024, compute[1],
             "peak RSS of the reference process, computing only (MB)", ours[1] / compute[1]),
        _row("bulk.score_all_orgs.agrees_with_reference", gap, "points", "< 1e-9, same orgs and statuses", agree,
             baseline_what=f"max |our overall score − the reference's| over {len(mine):,} organisations"),
    ]
    if os.environ.get("GOVKPI_BENCH_CORE") == "1":
        check = (
            "import json, django, os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'govkpi.settings'); "
            "django.setup(); from govkpi.scorecards.services import score_all; "
            f"lines = open({str(ours_path)!r}, encoding='utf-8').read().splitlines(); cards = score_all({YEAR}); "
            "same = sum(json.dumps(c, ensure_ascii=False) == l for c, l in zip(cards, lines)); "
            "print(json.dumps({'cards': len(cards), 'lines': len(lines), 'same': same}))"
        )
        core = _measured([sys.executable, "-c", check])
        found = json.loads(core[2].strip().splitlines()[-1])
        identical = found["cards"] == found["lines"] == found["same"]
        rows.append(_row("bulk.score_all_orgs.identical_to_core", found["same"], "cards", "every card", identical,
                         found["cards"], f"cards of `services.score_all` (the core, object by object: "
                         f"{core[0]:.1f} s, {core[1]:,.0f} MB) whose json.dumps is our line byte for byte",
                         found["same"] / max(found["cards"], 1)))
    return rows

"""Backup and restore of a province's database (issue 9): `govkpi backup` and `govkpi restore` of N results.

Baselines in the same run: for backup, `govkpi export` of the same database to JSON (also reads every table and
writes a file); for restore, loading the same workbook into an empty database (also writes every row).
"""

from __future__ import annotations

import io
import resource
import shutil
import time
from pathlib import Path

import synth

BENCHMARKS = ["ops.backup", "ops.restore"]
MAX_SCALE = 100_000


def prepare(scale: int, workdir: Path) -> None:
    if not (workdir / "book.json").exists():
        synth.write_json(synth.workbook(results=scale), workdir / "book.json")


def _timed(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _row(name: str, rows: int, seconds: float, baseline: float, what: str) -> list[dict]:
    speed = rows / seconds
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        {"name": name, "value": speed, "unit": "rows/s", "target": "report", "baseline": rows / baseline,
         "baseline_what": what, "ratio": baseline / seconds, "passed": True, "rows": rows, "seconds": seconds},
        {"name": f"{name}.peak_memory", "value": peak, "unit": "MB", "target": "< 1024", "baseline": None,
         "baseline_what": "none (absolute)", "ratio": None, "passed": peak < 1024},
    ]  # fmt: skip


def _loaded(workdir: Path) -> float:
    from django.core.management import call_command

    return _timed(lambda: call_command("load", str(workdir / "book.json"), stdout=io.StringIO()))


def ops_backup(scale: int, workdir: Path) -> list[dict]:
    from django.core.management import call_command

    from govkpi.ops.actions import backup

    _loaded(workdir)
    target = workdir / "backup-bench"
    shutil.rmtree(target, ignore_errors=True)
    holder: list = []
    seconds = _timed(lambda: holder.append(backup(target)))
    rows = sum(table.rows for table in holder[0].tables)
    export = _timed(lambda: call_command("export", str(workdir / "export-bench.json"), stdout=io.StringIO()))
    return _row("ops.backup", rows, seconds, export, "govkpi export of the same database to .json")


def ops_restore(scale: int, workdir: Path) -> list[dict]:
    from django.core.management import call_command

    from govkpi.ops.actions import backup, restore

    load = _loaded(workdir)
    target = workdir / "restore-bench"
    shutil.rmtree(target, ignore_errors=True)
    manifest = backup(target)
    rows = sum(table.rows for table in manifest.tables)
    call_command("flush", interactive=False, verbosity=0)
    seconds = _timed(lambda: restore(target, channel="cli"))
    return _row("ops.restore", rows, seconds, load, "loading the same workbook into an empty database")

"""The budget of a national year (issue 16): `govkpi budget` (`govkpi.strategy.services.budget`) and the budget page
against ONE hand-written SQL query computing the same totals (overall, per goal, per organisation), in the same run.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres python benchmarks/bench_budget.py --fraction 0.05

The national recipe of `govkpi synth` (about 81,000 projects with monthly progress at --fraction 1) is loaded into a
fresh database of its own (created next to the one of DATABASE_URL and dropped afterwards; SQLite: a temporary
file): the organisations, goals and disbursement targets through the workbook, the projects and their progress
through the synth's bulk path, no results. Each measurement is the median of --repeat rounds after a warm-up round;
the SQL, the service and the page's data run in turn in every round, so that a burst of load on the shared machine
falls on all three. The SQL's totals are checked equal to the service's before any time is reported. Measured: the
service, the page's data (`strategy.pages.budget_page`: the service plus names) and the whole page (`GET
/budget/2565/`, which lists every project). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
YEAR = 2565

SQL = """
WITH ranks(period, rank) AS (VALUES {ranks}),
counted AS (
    SELECT pp.project_id, pp.disbursed, pp.status,
           ROW_NUMBER() OVER (PARTITION BY pp.project_id ORDER BY r.rank DESC) AS latest
    FROM strategy_projectprogress pp
    JOIN ranks r ON r.period = pp.period
    JOIN strategy_project p ON p.id = pp.project_id
    WHERE p.fiscal_year = %(year)s
),
per AS (
    SELECT project_id, SUM(disbursed) AS disbursed, MAX(CASE WHEN latest = 1 THEN status END) AS status
    FROM counted GROUP BY project_id
),
kept AS (
    SELECT p.org_id, p.goal_id, p.allocated, COALESCE(per.disbursed, 0) AS disbursed,
           COALESCE(own.share, every.share) AS target
    FROM strategy_project p
    LEFT JOIN per ON per.project_id = p.id
    LEFT JOIN strategy_disbursementtarget own
           ON own.fiscal_year = p.fiscal_year AND own.period = %(as_of)s AND own.kind = p.kind AND p.kind <> ''
    LEFT JOIN strategy_disbursementtarget every
           ON every.fiscal_year = p.fiscal_year AND every.period = %(as_of)s AND every.kind = ''
    WHERE p.fiscal_year = %(year)s AND (per.status IS NULL OR per.status <> 'cancelled')
),
totals AS (
    SELECT 'total' AS level, NULL AS code, COUNT(*) AS projects, SUM(allocated) AS allocated,
           SUM(disbursed) AS disbursed, SUM(CASE WHEN target IS NOT NULL THEN allocated * target END) AS weighted,
           SUM(CASE WHEN target IS NOT NULL THEN allocated END) AS weight
    FROM kept
    UNION ALL
    SELECT 'goal', g.code, COUNT(*), SUM(allocated), SUM(disbursed),
           SUM(CASE WHEN target IS NOT NULL THEN allocated * target END),
           SUM(CASE WHEN target IS NOT NULL THEN allocated END)
    FROM kept LEFT JOIN plans_goal g ON g.id = kept.goal_id GROUP BY g.code
    UNION ALL
    SELECT 'org', o.code, COUNT(*), SUM(allocated), SUM(disbursed),
           SUM(CASE WHEN target IS NOT NULL THEN allocated * target END),
           SUM(CASE WHEN target IS NOT NULL THEN allocated END)
    FROM kept JOIN orgs_orgunit o ON o.id = kept.org_id GROUP BY o.code
)
SELECT level, code, projects, allocated, disbursed,
       CASE WHEN allocated <> 0 THEN disbursed / allocated END AS rate,
       CASE WHEN weight <> 0 THEN weighted / weight END AS target_rate
FROM totals
"""


def _ranks(as_of: str) -> str:
    """The periods counted as of a quarter (months and quarters ending by its end), with the order of their ends."""
    from govkpi.core.periods import PeriodKind, parse_period

    end = parse_period(as_of)
    rows = []
    for month in range(1, 13):
        period = parse_period(f"{YEAR}-M{month:02d}")
        if period.end <= end.end:
            rows.append(f"('{period.code}', {month})")
    for quarter in range(1, 5):
        period = parse_period(f"{YEAR}-Q{quarter}")
        if period.kind is PeriodKind.QUARTER and period.end <= end.end:
            rows.append(f"('{period.code}', {quarter * 3})")
    return ", ".join(rows)


def hand_written(as_of: str) -> list[tuple[Any, ...]]:
    from django.db import connection

    sql = SQL.replace("{ranks}", _ranks(as_of))
    if connection.vendor != "postgresql":
        sql = sql.replace("%(year)s", str(YEAR)).replace("%(as_of)s", f"'{as_of}'")
    with connection.cursor() as cursor:
        cursor.execute(sql, {"year": YEAR, "as_of": as_of} if connection.vendor == "postgresql" else None)
        return cursor.fetchall()


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def check_equal(report: dict[str, Any], rows: list[tuple[Any, ...]]) -> None:
    """The SQL's totals are the service's (SQL sums floats in another order: equal within 1e-9)."""
    expected = {("total", None): report["totals"]}
    expected |= {("goal", g["goal"]): g for g in report["goals"]}
    expected |= {("org", o["org"]): o for o in report["orgs"]}
    got = {(level, code): (projects, allocated, disbursed, rate, target)
           for level, code, projects, allocated, disbursed, rate, target in rows}
    assert set(got) == set(expected), (set(got) ^ set(expected))
    for key, (projects, allocated, disbursed, rate, target) in got.items():
        want = expected[key]
        assert projects == want["projects"], key
        for name, value in (("allocated", allocated), ("disbursed", disbursed), ("rate", rate),
                            ("target_rate", target)):
            assert _close(value, want[name]), (key, name, value, want[name])


def timed(functions: dict[str, Any], repeat: int) -> dict[str, float]:
    """The median time of each function, run in turn in every round (after a warm-up round): on a shared machine
    a burst of load then falls on all of them, not on whichever was being timed alone. Each round starts with the
    next function, so that none always runs right after the same other one (the SQL's sort spills to disk), and
    the garbage of the one before is collected first (the collector stays on while timing)."""
    for function in functions.values():
        function()
    names = list(functions)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(repeat):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            gc.collect()
            started = time.perf_counter()
            functions[name]()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def load(fraction: float) -> dict[str, int]:
    from django.db import transaction

    from govkpi.synth import actions as synth

    with transaction.atomic():
        synth.load_synthetic("national", 1, 1e-9, acting_user=None, channel="cli")  # structure and targets
        projects, progress = synth._copy_projects("national", 1, fraction)
    for model in (synth.Project, synth.ProjectProgress):
        synth.fast.analyze(model)
    return {"projects": projects, "project_progress": progress}


def measure(fraction: float, repeat: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from govkpi.strategy.pages import budget_page
    from govkpi.strategy.services import budget

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    sizes = load(fraction)
    loaded = time.perf_counter() - started
    report = budget(YEAR)
    check_equal(report, hand_written(report["as_of"]))
    setup_test_environment()
    client = Client()

    def page() -> None:
        response = client.get(f"/budget/{YEAR}/", HTTP_ACCEPT_LANGUAGE="th")
        assert response.status_code == 200, response.status_code

    medians = timed({"sql": lambda: hand_written(report["as_of"]), "budget": lambda: budget(YEAR),
                     "data": lambda: budget_page(YEAR)}, repeat)
    baseline, service, data = medians["sql"], medians["budget"], medians["data"]
    rendered = timed({"page": page}, repeat)["page"]  # the slowest: timed alone, against the baseline above
    return {
        "fraction": fraction, **sizes, "load_seconds": round(loaded, 1), "as_of": report["as_of"],
        "sql_seconds": round(baseline, 4), "budget_seconds": round(service, 4),
        "page_data_seconds": round(data, 4), "page_seconds": round(rendered, 4),
        "budget_ratio": round(service / baseline, 2), "page_data_ratio": round(data / baseline, 2),
        "page_ratio": round(rendered / baseline, 2), "target_ratio": 2.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fraction", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govkpi.settings")
    url = os.environ.get("DATABASE_URL", "")
    database: list[str] = []
    with tempfile.TemporaryDirectory(prefix="govkpi-bench-budget-") as folder:
        os.environ["GOVKPI_DATA_DIR"] = folder
        if url.startswith("postgres"):
            parsed = urlparse(url)
            database = ["-h", parsed.hostname or "127.0.0.1", "-U", parsed.username or "postgres",
                        f"govkpi_bench_budget_{os.getpid()}"]
            subprocess.run(["createdb", *database], check=True)
            os.environ["DATABASE_URL"] = parsed._replace(path=f"/{database[-1]}").geturl()
        else:
            os.environ.pop("DATABASE_URL", None)  # SQLite in the temporary folder
        try:
            result = measure(args.fraction, args.repeat)
            result["database"] = "postgresql" if database else "sqlite"
        finally:
            if database:
                from django.db import connections

                connections.close_all()
                subprocess.run(["dropdb", "--if-exists", "--force", *database], check=False)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

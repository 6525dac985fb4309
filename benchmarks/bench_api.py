"""The API at national scale: ``GET /api/v1/scores?fiscal_year=&org=`` served by gunicorn over 50 concurrent
keep-alive connections, anonymously (the public read the dashboards' clients make), for organisations picked at
random across the whole tree (provinces, districts, subdistricts, offices).

Data as in ``bench_national``: the national recipe of `govkpi.synth` with a share of the results
(GOVKPI_BENCH_FRACTION, default 0.1), scored once into the stored values (`materialise`), which the endpoint reads.
A second figure asks for the 100 organisations nearest the root again and again (the province and its districts:
what the public site, the province's website and dashboards ask), answered from the anonymous-read cache after the
first time. Baseline in the same run, same server, same connections: a trivial public API read
(``GET /api/v1/orgs/{code}`` of the same organisations: one row by its code through the same middleware,
authentication, rate limit and ETag code), so the ratio is the price of the scorecard itself. Target: p95 < 150 ms;
cold cards within 2× of the trivial read (issue 17).

The random cards are measured twice: first built from the stored values (the pre-rendered cards removed: what the
endpoint did before `govkpi.scorecards.prerender`), then, after `materialise` again (a new data version: nothing
answered from the read cache), as pre-rendered, other organisations drawn the same way.

    python benchmarks/run.py --scale national --only api      # a fresh database of its own
    DATABASE_URL=postgresql://…/gk_x python benchmarks/bench_api.py [--fraction 0.1] [--requests 3000]
    (standalone: loads the data only into an empty database; a second run measures what is there)

The rate limits are raised for the run (GOVKPI_API_RATE / GOVKPI_API_ANON_RATE): every request comes from one
address.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCHMARKS = ["api.scores"]
YEAR = 2565
CONNECTIONS = 50
POPULAR = 100
WORKERS = os.environ.get("GOVKPI_BENCH_WORKERS", "2")  # gunicorn, as in http_load.py by default
THREADS = os.environ.get("GOVKPI_BENCH_THREADS", "8")
HERE = Path(__file__).resolve().parent
RATE = "100000000/min"


def _row(name, value, unit, target, passed, baseline=None, baseline_what="none (absolute)", ratio=None, **more):
    return {"name": name, "value": value, "unit": unit, "target": target, "baseline": baseline,
            "baseline_what": baseline_what, "ratio": ratio, "passed": passed, **more}


async def _fetch_loop(port: int, paths: list[str], times: list[float], statuses: dict[int, int]) -> None:
    """One keep-alive connection sending its GETs one after the other (asyncio: the client stays light)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for path in paths:
            request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Language: th\r\n\r\n".encode()
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = next(
                int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")
            )
            await reader.readexactly(length)
            times.append((time.perf_counter() - started) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


def _load(port: int, paths: list[str], connections: int) -> dict:
    """``paths`` spread over ``connections`` concurrent connections, after every connection has warmed up."""
    warm: list[float] = []
    per = [paths[i::connections] for i in range(connections)]

    async def run(chunks: list[list[str]], into: list[float], statuses: dict[int, int]) -> None:
        await asyncio.gather(*(_fetch_loop(port, chunk, into, statuses) for chunk in chunks))

    asyncio.run(run([chunk[:2] for chunk in per], warm, {}))
    times: list[float] = []
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    asyncio.run(run(per, times, statuses))
    elapsed = time.perf_counter() - started
    times.sort()
    return {
        "p95": times[int(len(times) * 0.95) - 1],
        "p50": statistics.median(times),
        "requests": len(times),
        "per_second": len(times) / elapsed,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


class Server:
    """gunicorn as in http_load.py (2 workers × 8 threads, gthread, persistent database connections; other counts
    from GOVKPI_BENCH_WORKERS / GOVKPI_BENCH_THREADS)."""

    def __enter__(self) -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        env = dict(os.environ, DB_CONN_MAX_AGE="60", GOVKPI_API_RATE=RATE, GOVKPI_API_ANON_RATE=RATE)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "govkpi.wsgi:application", "-b", f"127.0.0.1:{self.port}", "-w", WORKERS,
             "--threads", THREADS, "-k", "gthread", "--keep-alive", "30", "--log-level", "warning"],
            cwd=HERE.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(300):
            try:
                first = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
                first.request("GET", "/api/v1/openapi.json")
                first.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        return self.port

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(20)


def api_scores(scale: int, workdir: Path | None = None, fraction: float | None = None, requests: int = 3000,
               load: bool = True) -> list:
    from govkpi.orgs.models import OrgUnit
    from govkpi.results.models import Result
    from govkpi.scorecards.incremental import materialise
    from govkpi.scorecards.models import PrerenderedCard
    from govkpi.synth.actions import load_synthetic

    name = "national" if scale >= 1_000_000 else "small"
    if fraction is None:
        fraction = float(os.environ.get("GOVKPI_BENCH_FRACTION", "0.1")) if name == "national" else 1.0
    started = time.perf_counter()
    if load:
        load_synthetic(name, 1, fraction, acting_user=None, channel="cli")
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    scored = materialise(YEAR)
    store_seconds = time.perf_counter() - started
    orgs = list(OrgUnit.objects.order_by("pk").values_list("code", flat=True))
    results = Result.objects.count()
    rng = random.Random(7)
    picked = [rng.choice(orgs) for _ in range(requests)]
    scores = [f"/api/v1/scores?fiscal_year={YEAR}&org={code}" for code in picked]
    built_scores = [f"/api/v1/scores?fiscal_year={YEAR}&org={rng.choice(orgs)}" for _ in range(requests)]
    trivial = [f"/api/v1/orgs/{code}" for code in picked]
    # what the public site, the province's website and dashboards ask again and again: the province, its
    # districts and the offices near the top of the tree (answered from the anonymous-read cache after the first)
    top = list(OrgUnit.objects.order_by("depth", "code").values_list("code", flat=True)[:POPULAR])
    popular = [f"/api/v1/scores?fiscal_year={YEAR}&org={rng.choice(top)}" for _ in range(requests)]
    with_value = list(PrerenderedCard.objects.filter(fiscal_year=YEAR, blank=False, org__isnull=False)
                      .values_list("org__code", flat=True))
    prerendered = len(with_value)
    # cards with a value (each its own pre-rendered row, as every card is at 100 % of the results), each asked once
    valued = [f"/api/v1/scores?fiscal_year={YEAR}&org={code}"
              for code in rng.sample(with_value, min(requests, len(with_value)))]
    blank = PrerenderedCard.objects.filter(fiscal_year=YEAR, blank=True).count()
    with Server() as port:
        base = _load(port, trivial, CONNECTIONS)
        PrerenderedCard.objects.filter(fiscal_year=YEAR).delete()
        built = _load(port, built_scores, CONNECTIONS)
        materialise(YEAR)
        measured = _load(port, scores, CONNECTIONS)
        full = _load(port, valued, CONNECTIONS) if valued else measured
        repeated = _load(port, popular, CONNECTIONS)
    loaded = f"loaded in {load_seconds:.0f} s" if load else "already in the database"
    setup = (f"{len(orgs):,} organisations, {results:,} results ({loaded}), "
             f"{scored:,} organisations scored into the store in {store_seconds:.0f} s, {prerendered:,} cards "
             f"pre-rendered and {blank:,} without any value sharing one text")
    ok = set(measured["statuses"]) == {"200"} and set(base["statuses"]) == {"200"}
    return [
        _row(f"{name}.api.scores.p95", measured["p95"], "ms", "< 150 at 50 connections", ok and measured["p95"] < 150,
             base["p95"], f"GET /api/v1/orgs/{{code}} p95, same server and connections (ms); {setup}",
             measured["p95"] / base["p95"], p50=measured["p50"], baseline_p50=base["p50"],
             p50_ratio=measured["p50"] / base["p50"], requests=measured["requests"],
             per_second=measured["per_second"], baseline_per_second=base["per_second"],
             statuses=measured["statuses"], baseline_statuses=base["statuses"]),
        _row(f"{name}.api.scores.with_value.p95", full["p95"], "ms", "within 2× of the baseline",
             set(full["statuses"]) == {"200"} and full["p95"] < 2 * base["p95"], base["p95"],
             "as above; organisations with a value only", full["p95"] / base["p95"], p50=full["p50"],
             p50_ratio=full["p50"] / base["p50"], per_second=full["per_second"], statuses=full["statuses"]),
        _row(f"{name}.api.scores.built.p95", built["p95"], "ms", "(before pre-rendering)",
             set(built["statuses"]) == {"200"}, base["p95"], "as above; built from the stored values",
             built["p95"] / base["p95"], p50=built["p50"], p50_ratio=built["p50"] / base["p50"],
             per_second=built["per_second"], statuses=built["statuses"]),
        _row(f"{name}.api.scores.popular.p95", repeated["p95"], "ms", "< 150 at 50 connections",
             set(repeated["statuses"]) == {"200"} and repeated["p95"] < 150, base["p95"],
             f"as above; the {POPULAR} organisations nearest the root, asked again and again",
             repeated["p95"] / base["p95"], p50=repeated["p50"], per_second=repeated["per_second"],
             statuses=repeated["statuses"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["small", "national"], default="national")
    parser.add_argument("--fraction", type=float, default=None)
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govkpi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from govkpi.orgs.models import OrgUnit

    scale = 1_000_000 if args.scale == "national" else 10_000
    load = not OrgUnit.objects.exists()  # a second run on the same database measures the data it holds
    print(json.dumps(api_scores(scale, None, args.fraction, args.requests, load), indent=2))


if __name__ == "__main__":
    main()

"""Issue 3: 200 reporters submitting through the API at once, against gunicorn on this machine, for 60 s.

    python benchmarks/run.py --only results.api_submit            # DATABASE_URL=postgresql://… for the issue's run
    GOVKPI_BENCH_REPORTERS=200 GOVKPI_BENCH_SECONDS=60            # the defaults

Each reporter (its own district and API token) loops: POST /api/v1/results (a new draft), then
POST /api/v1/results/{id}/submit. Reported: errors (target 0: any non-2xx answer or failed connection), p95 latency
of each kind of request (target < 300 ms), throughput. Baseline, measured in the same run with the same concurrency:
the p95 of an API answer that touches no table (a request without token: 401), i.e. the server stack's floor.
gunicorn runs gthread workers (2 per CPU, at most 8, 8 threads each) with persistent database connections
(DB_CONN_MAX_AGE=60); the clients run in this process, on the same machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

BENCHMARKS = ["results.api_submit", "results.write_ratio"]
ROOT = Path(__file__).resolve().parent.parent
INDICATORS, MONTHS = 20, 12
TARGET_P95_MS = 300.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _setup(reporters: int) -> dict[str, str]:
    """A province with one district per reporter, 20 monthly indicators reported by all; {org code: token}."""
    from govkpi.accounts.actions import add_user, create_token
    from govkpi.orgs.actions import rebuild_paths
    from govkpi.orgs.models import OrgUnit
    from govkpi.plans.models import Criterion, Goal, Indicator

    province = OrgUnit.objects.create(code="99", name_th="จังหวัดทดสอบ", kind="province")
    districts = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"99{n:03d}", name_th=f"อำเภอ {n}", kind="district", parent=province) for n in range(reporters)
    )
    rebuild_paths()
    goal = Goal.objects.create(code="G01", title_th="เป้าหมาย")
    for i in range(INDICATORS):
        indicator = Indicator.objects.create(
            code=f"B-{i}", goal=goal, name_th=f"ตัวชี้วัด {i}", unit="ราย", direction="higher_is_better",
            aggregation="sum", period_type="month",
        )  # fmt: skip
        indicator.responsible.set(districts)
        Criterion.objects.create(fiscal_year=2569, indicator=indicator, weight=1, level1=1, level2=2, level3=3,
                                 level4=4, level5=5)  # fmt: skip
    tokens = {}
    for district in OrgUnit.objects.filter(parent=province):
        user = add_user(f"r{district.code}", org=district, role="reporter", acting_user=None, channel="cli")
        tokens[district.code] = create_token(user, acting_user=None, channel="cli", scopes=("write",))
    return tokens


class Load:
    def __init__(self, base: str, tokens: dict[str, str], seconds: float, prefix: str = "/api/v1") -> None:
        self.base, self.tokens, self.seconds, self.prefix = base, tokens, seconds, prefix
        self.times: dict[str, list[float]] = {"create": [], "submit": [], "floor": []}
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def _call(self, kind: str, path: str, token: str | None, body: dict | None) -> dict | None:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method="POST" if data else "GET")
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                payload = json.loads(response.read() or b"{}")
                status = response.status
        except urllib.error.HTTPError as error:
            payload, status = None, error.code
        except OSError as error:
            payload, status = None, f"{type(error).__name__}"
        elapsed = time.perf_counter() - started
        with self.lock:
            self.times[kind].append(elapsed)
            expected = 401 if kind == "floor" else (201 if kind == "create" else 200)
            if status != expected:
                self.errors.append(f"{kind} {path}: {status}")
        return payload if status == expected else None

    def reporter(self, code: str, token: str, deadline: float) -> None:
        for month in range(1, MONTHS + 1):
            for i in range(INDICATORS):
                if time.monotonic() >= deadline:
                    return
                body = {"indicator": f"B-{i}", "org": code, "period": f"2569-M{month:02d}", "value": month + i}
                created = self._call("create", f"{self.prefix}/results", token, body)
                if created is not None:
                    self._call("submit", f"{self.prefix}/results/{created['id']}/submit", token, {})

    def floor(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            self._call("floor", "/api/v1/results", None, None)

    def run(self, users: int, target: object) -> float:
        deadline = time.monotonic() + self.seconds
        if target == "floor":
            threads = [threading.Thread(target=self.floor, args=(deadline,)) for _ in range(users)]
        else:
            threads = [threading.Thread(target=self.reporter, args=(code, token, deadline))
                       for code, token in self.tokens.items()]  # fmt: skip
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=self.seconds + 120)
        return time.monotonic() - started


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000 if len(values) > 1 else values[0]


@contextlib.contextmanager
def _server(workdir: Path, name: str, settings: str = "govkpi.settings") -> Iterator[str]:
    """gunicorn on a free port of this machine, as in production (gthread, 2 workers per CPU up to 8, 8 threads);
    yields its base URL once it answers, and stops it afterwards."""
    from django.db import connection

    connection.close()
    port = _free_port()
    workers = max(2, min(8, 2 * (os.cpu_count() or 2)))
    env = dict(os.environ, ALLOWED_HOSTS="127.0.0.1", DJANGO_SETTINGS_MODULE=settings, DB_CONN_MAX_AGE="60",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])))  # fmt: skip
    # to a file: an unread pipe fills with Django's "Unauthorized" warnings and blocks the workers
    log = (workdir / f"gunicorn-{name}.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "govkpi.wsgi", "-b", f"127.0.0.1:{port}", "-k", "gthread",
         "-w", str(workers), "--threads", "8", "-t", "120", "--backlog", "1024", "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=log, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/v1/results", timeout=30)
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def results_api_submit(scale: int, workdir: Path) -> list[dict]:
    reporters = int(os.environ.get("GOVKPI_BENCH_REPORTERS", 200))
    seconds = float(os.environ.get("GOVKPI_BENCH_SECONDS", 60))
    tokens = _setup(reporters)
    with _server(workdir, "results") as base:
        floor = Load(base, tokens, min(10.0, seconds))
        floor.run(reporters, "floor")
        load = Load(base, tokens, seconds)
        elapsed = load.run(reporters, "reporters")
    floor_p95 = _p(floor.times["floor"], 95)
    done = len(load.times["create"]) + len(load.times["submit"])
    rows = []
    for kind in ("create", "submit"):
        p95 = _p(load.times[kind], 95)
        rows.append({
            "name": f"results.api_{kind}.p95 ({reporters} reporters, {seconds:.0f} s)",
            "value": round(p95, 1), "unit": "ms", "target": TARGET_P95_MS, "baseline": round(floor_p95, 1),
            "baseline_what": "p95 of a 401 answer at the same concurrency (no table touched)",
            "ratio": round(p95 / floor_p95, 2) if floor_p95 else None, "passed": p95 < TARGET_P95_MS,
        })  # fmt: skip
    rows.append({
        "name": f"results.api.errors ({done} requests, {done / elapsed:.0f}/s, p50 create "
                f"{_p(load.times['create'], 50):.0f} ms)",
        "value": len(load.errors), "unit": "errors", "target": 0, "baseline": None, "baseline_what": "",
        "ratio": None, "passed": not load.errors,
    })  # fmt: skip
    if load.errors:
        print("first errors:", load.errors[:5], file=sys.stderr)
    return rows


def _clear_results() -> None:
    """Every result and its history gone, outside the measured time: each phase starts from the same table."""
    from govkpi.results.models import Result, ResultEvent

    ResultEvent.objects.all().delete()
    Result.objects.all().delete()


def _busy_seconds() -> float | None:
    """The machine's CPU time spent so far, all cores, all processes (Linux's /proc/stat); None elsewhere."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(value) for value in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


def results_write_ratio(scale: int, workdir: Path) -> list[dict]:
    """Issue 17 item 4: result submissions per second through the API (the results workflow and the audit chain)
    against the same inserts through the same server stack without workflow and audit (`write_baseline`), the same
    reporters, in the same run. Phases alternate baseline, govkpi, baseline, govkpi, each from an empty results
    table; each side's rate is the total of its phases. Target: ratio ≥ 0.5. Also reported: the machine's CPU time
    (gunicorn, PostgreSQL and the clients together) per submission on each side."""
    from django.db import connection

    reporters = int(os.environ.get("GOVKPI_BENCH_REPORTERS", 200))
    seconds = float(os.environ.get("GOVKPI_BENCH_SECONDS", 30))
    rounds = int(os.environ.get("GOVKPI_BENCH_ROUNDS", 2))
    tokens = _setup(reporters)
    done: dict[str, list[Load]] = {"baseline": [], "govkpi": []}
    elapsed: dict[str, float] = {"baseline": 0.0, "govkpi": 0.0}
    busy: dict[str, float] = {"baseline": 0.0, "govkpi": 0.0}
    with _server(workdir, "writes", settings="benchmarks.write_settings") as base:
        for _ in range(rounds):
            for side, prefix in (("baseline", "/bench/v1"), ("govkpi", "/api/v1")):
                _clear_results()
                connection.close()
                load = Load(base, tokens, seconds, prefix=prefix)
                started = _busy_seconds()
                elapsed[side] += load.run(reporters, "reporters")
                stopped = _busy_seconds()
                busy[side] += stopped - started if started is not None and stopped is not None else float("nan")
                done[side].append(load)
    submitted = {side: sum(len(load.times["submit"]) for load in loads) for side, loads in done.items()}
    rate = {side: submitted[side] / elapsed[side] for side in done}
    cpu = {side: busy[side] / submitted[side] * 1000 if submitted[side] else float("nan") for side in done}
    errors = [error for loads in done.values() for load in loads for error in load.errors]
    if errors:
        print("first errors:", errors[:5], file=sys.stderr)
    submits = {side: [t for load in loads for t in load.times["submit"]] for side, loads in done.items()}
    creates = {side: [t for load in loads for t in load.times["create"]] for side, loads in done.items()}
    ratio = rate["govkpi"] / rate["baseline"] if rate["baseline"] else None
    what = (f"the same inserts without workflow and audit, same server and reporters (p95 create "
            f"{_p(creates['baseline'], 95):.0f} ms, submit {_p(submits['baseline'], 95):.0f} ms; machine CPU "
            f"{cpu['baseline']:.1f} ms per submission)")
    return [
        {"name": f"results.write_ratio ({reporters} reporters, {rounds}×{seconds:.0f} s each; p95 create "
                 f"{_p(creates['govkpi'], 95):.0f} ms, submit {_p(submits['govkpi'], 95):.0f} ms; machine CPU "
                 f"{cpu['govkpi']:.1f} ms per submission)",
         "value": round(rate["govkpi"], 1), "unit": "submissions/s", "target": 0.5,
         "baseline": round(rate["baseline"], 1), "baseline_what": what,
         "ratio": round(ratio, 2) if ratio is not None else None,
         "passed": ratio is not None and ratio >= 0.5 and not errors},
        {"name": "results.write_ratio.errors", "value": len(errors), "unit": "errors", "target": 0, "baseline": None,
         "baseline_what": "", "ratio": None, "passed": not errors},
    ]

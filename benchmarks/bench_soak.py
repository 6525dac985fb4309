"""Soak: a mixed workload against gunicorn on this machine — 70 % public page reads, 20 % result entry (create a
draft and submit it through the API), 10 % approvals (through the API) — by N simulated users for a fixed time.

    python benchmarks/bench_soak.py [--seconds 600] [--users 50] [--json]      # the issue's run (10 minutes)
    python benchmarks/run.py --only soak                                         # the same, GOVKPI_SOAK_SECONDS long

Use PostgreSQL (DATABASE_URL=postgresql://…): run.py gives the run a fresh database of its own and drops it after.
The run is bounded and stops itself: users stop at the deadline, gunicorn is terminated, a hard timeout ends
everything. Reported: errors (target 0: any non-2xx answer or failed connection), p95 per kind of request,
throughput, and the growth of gunicorn's memory (master + workers, resident) from the end of warm-up (the first
fifth of the run) to the end (target ≤ 10 %). When no submitted result waits, an approval turns into a read;
when a district has no free period left, an entry does.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

BENCHMARKS = ["soak.mixed"]
MIX = (("read", 70), ("entry", 20), ("approve", 10))
DEFAULT_SECONDS = 120  # under run.py; the run is 600 (bench_soak.py --seconds 600)
HERE = Path(__file__).resolve().parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _setup(users: int) -> dict:
    """The demo, a reporter per district, an approver for the province, their API tokens, and the work to do."""
    from govkpi.accounts.actions import add_user, create_token
    from govkpi.demo.actions import load_demo
    from govkpi.orgs.models import OrgUnit
    from govkpi.plans.models import Indicator

    load_demo()
    province = OrgUnit.objects.get(parent__isnull=True, code="54")
    approver = add_user("soak-approver", org=province, role="approver", acting_user=None, channel="cli")
    slots: dict[str, list[dict]] = defaultdict(list)
    tokens: dict[str, str] = {}
    indicators = Indicator.objects.prefetch_related("responsible").order_by("code")
    for indicator in indicators:
        kind = {"year": "", "half": "-H", "quarter": "-Q", "month": "-M"}.get(indicator.period_type or "year", "")
        count = {"": 1, "-H": 2, "-Q": 4, "-M": 12}[kind]
        for org in indicator.responsible.all():
            if org.code not in tokens:
                user = add_user(f"soak-{org.code}", org=org, role="reporter", acting_user=None, channel="cli")
                tokens[org.code] = create_token(user, acting_user=None, channel="cli", scopes=("write",))
            for year in range(2567, 2600):  # years after the demo's: no previous value to jump from
                for index in range(1, count + 1):
                    period = f"{year}{kind}{index:02d}" if kind == "-M" else f"{year}{kind}{index if kind else ''}"
                    body = {
                        "indicator": indicator.code,
                        "org": org.code,
                        "period": period,
                        "confirm_jump": True,
                        "note": "soak",
                    }
                    if indicator.aggregation == "ratio":
                        body.update(numerator=1, denominator=2)
                    else:
                        low, high = indicator.min_value, indicator.max_value
                        body["value"] = max(low if low is not None else 0, min(high if high is not None else 50, 50))
                    slots[org.code].append(body)
    for bodies in slots.values():
        random.Random(2565).shuffle(bodies)
    return {
        "approver": create_token(approver, acting_user=None, channel="cli", scopes=("write",)),
        "tokens": tokens,
        "slots": dict(slots),
        "pages": ["/", "/rankings/", "/goals/G01/", "/indicators/G01-1/", "/orgs/5401/", "/orgs/54/"],
    }


class Load:
    def __init__(self, base: str, work: dict, seconds: float, users: int) -> None:
        self.base, self.work, self.users = base, work, users
        self.deadline = time.monotonic() + seconds
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.submitted: queue.Queue[int] = queue.Queue()
        self.lock = threading.Lock()
        self.slots = {org: iter(bodies) for org, bodies in work["slots"].items()}

    def call(self, kind: str, path: str, token: str | None = None, body: dict | None = None) -> dict | None:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method="POST" if body is not None else "GET")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                payload = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            payload, status = error.read(), error.code
        except OSError as error:
            with self.lock:
                self.errors.append(f"{kind} {path}: {error}")
            return None
        elapsed = time.perf_counter() - started
        with self.lock:
            self.times[kind].append(elapsed)
            if status >= 300:
                self.errors.append(f"{kind} {path}: {status} {payload[:200]!r}")
                return None
        return json.loads(payload) if payload[:1] in (b"{", b"[") else {}

    def entry(self, rng: random.Random) -> None:
        org = rng.choice(list(self.slots))
        with self.lock:
            body = next(self.slots[org], None)
        if body is None:
            return self.read(rng)
        token = self.work["tokens"][org]
        made = self.call("entry", "/api/v1/results", token, body)
        if made and "id" in made and self.call("submit", f"/api/v1/results/{made['id']}/submit", token, {}):
            self.submitted.put(made["id"])

    def approve(self, rng: random.Random) -> None:
        try:
            pk = self.submitted.get_nowait()
        except queue.Empty:
            return self.read(rng)
        self.call("approve", f"/api/v1/results/{pk}/approve", self.work["approver"], {})

    def read(self, rng: random.Random) -> None:
        self.call("read", rng.choice(self.work["pages"]))

    def user(self, number: int) -> None:
        rng = random.Random(number)
        kinds, weights = zip(*MIX, strict=True)
        while time.monotonic() < self.deadline:
            getattr(self, rng.choices(kinds, weights)[0])(rng)

    def run(self) -> None:
        threads = [threading.Thread(target=self.user, args=(n,), daemon=True) for n in range(self.users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, self.deadline - time.monotonic() + 90))


def _rss(pid: int) -> float:
    import psutil

    try:
        master = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [master, *master.children(recursive=True)]) / 2**20
    except psutil.Error:
        return 0.0


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] * 1000 if len(values) >= 20 else float("nan")


def soak_mixed(scale: int, workdir: Path) -> list[dict]:
    seconds = float(os.environ.get("GOVKPI_SOAK_SECONDS", DEFAULT_SECONDS))
    users = int(os.environ.get("GOVKPI_SOAK_USERS", 50))
    from django.db import connection

    work = _setup(users)
    connection.close()
    port = _free_port()
    workers = max(2, min(8, (os.cpu_count() or 2)))
    env = dict(os.environ, ALLOWED_HOSTS="127.0.0.1", DJANGO_SETTINGS_MODULE="govkpi.settings")
    log = (workdir / "soak-gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "govkpi.wsgi", "-b", f"127.0.0.1:{port}", "-k", "gthread",
         "-w", str(workers), "--threads", "8", "-t", "60", "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    memory: list[tuple[float, float]] = []
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=30).read()
                break
            except OSError:
                time.sleep(0.1)
        load = Load(base, work, seconds, users)
        started = time.monotonic()
        sampler_stop = threading.Event()

        def sample() -> None:
            while not sampler_stop.wait(2.0):
                memory.append((time.monotonic() - started, _rss(server.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        load.run()
        sampler_stop.set()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    errors_logged = (workdir / "soak-gunicorn.log").read_text(errors="replace")
    if load.errors and errors_logged:  # the server's own account of its first errors, for whoever reads the run
        sys.stderr.write(errors_logged[-6000:])
    warm = [rss for at, rss in memory if seconds * 0.2 <= at <= seconds * 0.3]
    end = [rss for at, rss in memory if at >= seconds * 0.9]
    growth = (statistics.median(end) / statistics.median(warm) - 1) * 100 if warm and end else float("nan")
    total = sum(len(values) for values in load.times.values())
    rows = [
        _row(
            "soak.errors",
            len(load.errors),
            "errors",
            "0",
            len(load.errors) == 0,
            f"{total} requests, {users} users, {seconds:.0f} s; first: {load.errors[:3]}",
        ),
        _row("soak.throughput", total / seconds, "requests/s", "", True, ""),
        _row(
            "soak.memory_growth",
            growth,
            "%",
            "<= 10",
            growth <= 10,
            f"gunicorn RSS {statistics.median(warm) if warm else 0:.0f} MB after warm-up",
        ),
    ]
    for kind in ("read", "entry", "submit", "approve"):
        values = load.times.get(kind, [])
        rows.append(_row(f"soak.{kind}.p95", _p95(values), "ms", "report", bool(values), f"{len(values)} requests"))
    return rows


def _row(name: str, value: float, unit: str, target: str, passed: bool, what: str) -> dict:
    return {"name": name, "value": value, "unit": unit, "target": target, "baseline": None,
            "baseline_what": what, "ratio": None, "passed": passed}  # fmt: skip


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ["GOVKPI_SOAK_SECONDS"], os.environ["GOVKPI_SOAK_USERS"] = str(args.seconds), str(args.users)
    command = [sys.executable, str(HERE / "run.py"), "--only", "soak"] + (["--json"] if args.json else [])
    raise SystemExit(subprocess.run(command, timeout=args.seconds + 900).returncode)


if __name__ == "__main__":
    main()

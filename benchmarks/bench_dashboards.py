"""The benchmark of issue 4: the public overview on gunicorn (2 workers) under load, on the Phrae demo.

A small asyncio HTTP/1.1 client keeps `CONCURRENCY` connections busy for `SECONDS` and records every request's
latency; the figures are requests per second and the 95th percentile. The baseline is the same server and client
on a WSGI app that returns a fixed page without Django: the floor of this machine, server and client.
Targets (issue 4): ≥ 300 requests/s and p95 < 100 ms for the overview.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = ["dashboards.overview"]
WORKERS = 2
CONCURRENCY = 8
SECONDS = 10.0
WARMUP = 2.0
DB_CONN_MAX_AGE = "60"  # each worker keeps its database connection (settings.py)
TARGET_RPS = 300
TARGET_P95_MS = 100

FLOOR_APP = """
BODY = b"<!DOCTYPE html><title>floor</title>" + b"x" * 16000
def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))])
    return [BODY]
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(app: str, port: int, cwd: Path) -> subprocess.Popen[bytes]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--log-level", "warning", app],
        cwd=cwd,
        env=dict(os.environ, DJANGO_SETTINGS_MODULE="govkpi.settings", DB_CONN_MAX_AGE=DB_CONN_MAX_AGE),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"gunicorn did not start: {app}")


async def _client(port: int, path: str, until: float, record_from: float, latencies: list[float]) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: th\r\n\r\n".encode()
    errors = 0
    try:
        while time.monotonic() < until:
            started = time.monotonic()
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            if not head.startswith(b"HTTP/1.1 200"):
                errors += 1
            if started >= record_from:
                latencies.append(time.monotonic() - started)
            if b"connection: close" in head.lower():
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()
    return errors


async def _load(port: int, path: str) -> tuple[float, float, int]:
    """(requests per second, p95 in ms, errors) over SECONDS after a WARMUP."""
    latencies: list[float] = []
    start = time.monotonic()
    record_from, until = start + WARMUP, start + WARMUP + SECONDS
    errors = await asyncio.gather(*(_client(port, path, until, record_from, latencies) for _ in range(CONCURRENCY)))
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else float("inf")
    return len(latencies) / SECONDS, p95, sum(errors)


def _measure(app: str, path: str, cwd: Path) -> tuple[float, float, int]:
    port = _free_port()
    server = _serve(app, port, cwd)
    try:
        return asyncio.run(_load(port, path))
    finally:
        server.terminate()
        server.wait(timeout=30)


def dashboards_overview(scale: int, workdir: Path) -> list[dict]:
    """Load the demo into the fresh database, then load-test "/" and the floor app."""
    from govkpi.demo.actions import load_demo

    load_demo()
    root = Path(__file__).resolve().parent.parent
    rps, p95, errors = _measure("govkpi.wsgi:application", "/", root)
    with tempfile.TemporaryDirectory(dir=workdir) as floor_dir:
        Path(floor_dir, "floor_app.py").write_text(FLOOR_APP)
        floor_rps, floor_p95, _ = _measure("floor_app:application", "/", Path(floor_dir))
    where = f"gunicorn -w {WORKERS}, DB_CONN_MAX_AGE={DB_CONN_MAX_AGE}, {CONCURRENCY} clients, {SECONDS:.0f} s"
    where += f"; errors: {errors}"
    return [
        {
            "name": "dashboards.overview.rps",
            "value": rps,
            "unit": "requests/s",
            "target": f">= {TARGET_RPS}",
            "baseline": floor_rps,
            "baseline_what": f"a fixed 16 kB page from a bare WSGI app ({where})",
            "ratio": rps / floor_rps if floor_rps else None,
            "passed": rps >= TARGET_RPS and errors == 0,
        },
        {
            "name": "dashboards.overview.p95",
            "value": p95,
            "unit": "ms",
            "target": f"< {TARGET_P95_MS}",
            "baseline": floor_p95,
            "baseline_what": "p95 of the same bare WSGI app",
            "ratio": p95 / floor_p95 if floor_p95 else None,
            "passed": p95 < TARGET_P95_MS and errors == 0,
        },
    ]

"""Serving the public overview with gunicorn and measuring it over many concurrent keep-alive connections."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


async def _fetch_loop(port: int, count: int, times: list[float]) -> None:
    """One keep-alive connection sending ``count`` GET / one after the other (asyncio: the client stays light)."""
    import asyncio

    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Language: th\r\n\r\n".encode()
    try:
        for _ in range(count):
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = head.split(b" ", 2)[1]
            length = next(
                int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")
            )
            await reader.readexactly(length)
            assert status == b"200", status
            times.append((time.perf_counter() - started) * 1000)
    finally:
        writer.close()


async def _warm(port: int, connections: int, times: list[float]) -> None:
    import asyncio

    await asyncio.gather(*(_fetch_loop(port, 2, times) for _ in range(connections)))


def overview_p95(requests: int, connections: int) -> dict:
    """Serve the public overview with gunicorn (2 workers × 8 threads, persistent database connections) and fetch
    it over ``connections`` concurrent keep-alive connections."""
    import asyncio
    import http.client
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, DB_CONN_MAX_AGE="60")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "govkpi.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--threads",
            "8",
            "-k",
            "gthread",
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=HERE.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        cold = None
        for _ in range(300):
            try:
                first = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                started = time.perf_counter()
                first.request("GET", "/")
                first.getresponse().read()
                cold = time.perf_counter() - started
                break
            except OSError:
                time.sleep(0.2)
        times: list[float] = []

        async def run() -> None:
            per = requests // connections
            await asyncio.gather(*(_fetch_loop(port, per, times) for _ in range(connections)))

        warm: list[float] = []  # every worker and thread has served the page once before timing
        asyncio.run(_warm(port, connections, warm))
        started = time.perf_counter()
        asyncio.run(run())
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(20)
    times.sort()
    return {
        "p95": times[int(len(times) * 0.95) - 1],
        "p50": statistics.median(times),
        "requests": len(times),
        "per_second": len(times) / elapsed,
        "first_ms": (cold or 0) * 1000,
    }

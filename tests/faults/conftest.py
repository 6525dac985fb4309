"""A site of its own for each fault test: a data directory, a database (a fresh PostgreSQL database on the server of
DATABASE_URL when that is PostgreSQL, else SQLite in the data directory), `govkpi` run in child processes that the
test kills with SIGKILL, and gunicorn to show the service answers afterwards."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COUNTS = (
    "import json; from govkpi.orgs.models import OrgUnit; from govkpi.results.models import Result; "
    "from govkpi.audit.models import AuditEvent; print(json.dumps({'orgs': OrgUnit.objects.count(), "
    "'results': Result.objects.count(), 'approved': Result.objects.filter(status='approved').count(), "
    "'events': AuditEvent.objects.count()}))"
)


@dataclass
class Site:
    data_dir: Path
    env: dict[str, str]
    database_url: str | None

    def run(self, *args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "govkpi.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )
        assert not check or done.returncode == 0, f"govkpi {args[0]}: {done.stderr[-2000:]}"
        return done

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "govkpi.cli", *args],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def counts(self) -> dict[str, int]:
        return json.loads(self.run("shell", "-c", COUNTS).stdout.strip().splitlines()[-1])

    def audit_verifies(self) -> bool:
        done = self.run("audit", "verify", check=False)
        return done.returncode == 0 and "intact" in done.stdout

    def answers(self) -> int:
        """Start gunicorn on a free loopback port, GET /, stop it; the status code of the page."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "govkpi.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "-t", "30"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                        return response.status
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.1)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=20)


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[str], timeout: float = 60) -> None:
    """Poll until `condition` holds while `process` still runs; fail if it ends first."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"the process ended before the fault: {process.stderr.read()[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError("the moment to kill never came")
        time.sleep(0.005)


def kill(process: subprocess.Popen[str]) -> None:
    assert process.poll() is None, "the process had already finished: the kill was not in the middle"
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=20) == -signal.SIGKILL


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    url = os.environ.get("DATABASE_URL", "")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    env.update(GOVKPI_DATA_DIR=str(tmp_path), SECRET_KEY="fault-" + uuid.uuid4().hex * 2, ALLOWED_HOSTS="127.0.0.1")
    database = None
    if url.startswith("postgres"):
        import psycopg

        server, database = url.rsplit("/", 1)[0], f"gk_fault_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = f"{server}/{database}"
    made = Site(tmp_path, env, env.get("DATABASE_URL"))
    made.run("migrate", "-v0")
    try:
        yield made
    finally:
        if database:
            import psycopg

            with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def writing(site: Site, table: str) -> Callable[[], bool]:
    """True while another process is writing rows of `table` in an open transaction."""
    if site.database_url:
        import psycopg

        connection = psycopg.connect(site.database_url, autocommit=True)
        query = (
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' "
            "AND (query ILIKE %s OR query ILIKE %s)"
        )

        def on_postgresql() -> bool:
            return connection.execute(query, [f"COPY%{table}%", f"INSERT%{table}%"]).fetchone()[0] > 0

        return on_postgresql
    wal = site.data_dir / "govkpi.sqlite3-wal"
    baseline = wal.stat().st_size if wal.exists() else 0

    def on_sqlite() -> bool:  # pages of the open transaction reach the write-ahead log
        return wal.exists() and wal.stat().st_size > baseline + 2_000_000

    return on_sqlite

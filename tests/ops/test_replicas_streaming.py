"""Read replicas for real: a PostgreSQL primary and a hot standby streaming from it (made with initdb and
pg_basebackup in a temporary directory, each on a free port, each logging every statement it receives). govkpi runs
in fresh processes with DATABASE_URL on the primary and DATABASE_REPLICA_URL on the standby.

Shown: anonymous page, open-data and API reads (a token's too) are served by the standby; signing in, the approval
workflow and every write go to the primary and the standby never receives a write; a client that wrote reads the
primary; a standby that stops replaying (lags) or stops altogether is skipped — no 500, /readyz says "degraded"."""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import environment

TOOLS = ("initdb", "pg_ctl", "pg_basebackup")


def server_programs() -> Path | None:
    """The directory of PostgreSQL's server programs (Debian keeps them out of PATH), newest version first."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name), reverse=True)
    if shutil.which("initdb"):
        found.append(Path(shutil.which("initdb")).parent)
    return next((path for path in found if all((path / tool).exists() for tool in TOOLS)), None)


BIN = server_programs() or Path("/usr/lib/postgresql/15/bin")
WRITES = re.compile(r"statement: (INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|TRUNCATE)\b", re.IGNORECASE)
NO_POSTGRES_USER = os.geteuid() == 0 and not any(entry.pw_name == "postgres" for entry in pwd.getpwall())

pytestmark = [
    pytest.mark.skipif(server_programs() is None, reason="needs PostgreSQL's server programs (initdb, pg_ctl, "
                       "pg_basebackup: apt-get install postgresql)"),
    pytest.mark.skipif(NO_POSTGRES_USER, reason="as root, needs a postgres user to run initdb and pg_ctl as"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(*command: str | Path) -> None:
    """initdb and pg_ctl refuse to run as root: as root, run them as the postgres user."""
    argv = [str(part) for part in command]
    if os.geteuid() == 0:
        argv = ["runuser", "-u", "postgres", "--", *argv]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{' '.join(argv)}: {done.stdout[-1000:]} {done.stderr[-1000:]}"


@dataclass
class Server:
    directory: Path
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/govkpi"

    def start(self) -> None:
        as_postgres(BIN / "pg_ctl", "-D", self.directory, "-l", self.log, "-w", "-t", "30", "start")

    def stop(self) -> None:
        if (self.directory / "postmaster.pid").exists():
            as_postgres(BIN / "pg_ctl", "-D", self.directory, "-m", "immediate", "-w", "stop")

    def mark(self) -> int:
        """Where the statement log ends now: read() gives what came after."""
        return self.log.stat().st_size

    def read(self, since: int) -> str:
        with self.log.open("rb") as handle:
            handle.seek(since)
            return handle.read().decode(errors="replace")

    def query(self, sql: str, database: str = "govkpi") -> tuple | None:
        """The first row of the answer (None for a statement that returns no rows)."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname={database}",
                             autocommit=True) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchone() if cursor.description else None


@dataclass
class Pair:
    primary: Server
    replica: Server
    data_dir: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = environment(self.data_dir, self.primary.url)
        env.update(DATABASE_REPLICA_URL=self.replica.url, DJANGO_SETTINGS_MODULE="govkpi.settings", **extra)
        return env

    def caught_up(self) -> None:
        """Waits until the standby has replayed everything the primary has written so far."""
        (position,) = self.primary.query("SELECT pg_current_wal_lsn()::text")
        for _ in range(400):
            (done,) = self.replica.query(f"SELECT pg_last_wal_replay_lsn() >= '{position}'::pg_lsn")
            if done:
                return
            time.sleep(0.025)
        raise AssertionError("the standby did not catch up within 10 s")


LOAD = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from govkpi.demo.actions import load_demo
load_demo()
"""


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> Iterator[Pair]:
    root = Path(tempfile.mkdtemp(prefix="govkpi-replicas-"))  # not pytest's: postgres must reach it
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(root, account.pw_uid, account.pw_gid)
    primary = Server(root / "primary", free_port(), root / "primary.log")
    replica = Server(root / "replica", free_port(), root / "replica.log")
    try:
        as_postgres(BIN / "initdb", "-D", primary.directory, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--locale=C", "--no-sync")
        settings = (
            f"port = {primary.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{root}'\n"
            "wal_level = replica\nmax_wal_senders = 4\nfsync = off\nfull_page_writes = off\n"
            "log_statement = 'all'\nlog_min_messages = warning\n"
        )
        with (primary.directory / "postgresql.conf").open("a") as conf:
            conf.write(settings)
        with (primary.directory / "pg_hba.conf").open("a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        primary.start()
        as_postgres(BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", primary.port, "-U", "postgres", "-D",
                    replica.directory, "-R", "-X", "stream", "-c", "fast", "--no-sync")
        with (replica.directory / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {replica.port}\nhot_standby = on\n")
        replica.start()
        primary.query("CREATE DATABASE govkpi", database="postgres")
        found = Pair(primary, replica, tmp_path_factory.mktemp("replicas-data"))
        env = environment(found.data_dir, primary.url)
        loaded = subprocess.run([sys.executable, "-c", LOAD], env={**env, "DJANGO_SETTINGS_MODULE": "govkpi.settings"},
                                capture_output=True, text=True, timeout=120)
        assert loaded.returncode == 0, loaded.stderr[-3000:]
        found.caught_up()
        yield found
    finally:
        for server in (replica, primary):
            try:
                server.stop()
            except AssertionError:
                pass  # stopped already, or never started
        shutil.rmtree(root, ignore_errors=True)


# Runs in a fresh process against the pair. Each request's queries are counted per database alias.
SCRIPT = r"""
import json, sys, contextlib, collections
import django
django.setup()
from django.db import connections
from django.test import Client

counts = collections.Counter()
def counting(alias):
    def wrapper(execute, sql, params, many, context):
        counts[alias] += 1
        return execute(sql, params, many, context)
    return wrapper

def settle():  # waits until the replica has replayed every write so far: none is in flight when a test reads
    import time
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (position,) = cursor.fetchone()
    with connections["replica_1"].cursor() as cursor:
        for _ in range(400):
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
            if cursor.fetchone()[0]:
                return
            time.sleep(0.025)

out = {}
def ask(name, client, method, path, **extra):
    counts.clear()
    response = getattr(client, method)(path, **extra)
    out[name] = {"status": response.status_code, "queries": dict(counts),
                 "body": response.json() if response.get("Content-Type", "").startswith("application/json") else None}
    return response

with contextlib.ExitStack() as stack:
    for alias in connections:
        stack.enter_context(connections[alias].execute_wrapper(counting(alias)))
    exec(sys.stdin.read())
print(json.dumps(out))
"""


def run(pair: Pair, steps: str, **env: str) -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT], input=steps, env=pair.env(**env), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "log": done.stderr}


def test_anonymous_reads_are_served_by_the_replica(pair):
    since = pair.replica.mark()
    primary_since = pair.primary.mark()
    found = run(pair, """
from django.contrib.auth import get_user_model
from govkpi.accounts.actions import create_token
reader = get_user_model().objects.create_user("reader")
token = create_token(reader, acting_user=None, channel="cli")
settle()
anonymous = Client()
for name, path in [("home", "/"), ("org", "/orgs/54/"), ("open_data", "/open-data/tables/orgs/54.csv"),
                   ("api", "/api/v1/orgs"), ("readyz", "/readyz")]:
    ask(name, anonymous, "get", path)
with_token = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
ask("token_first", with_token, "get", "/api/v1/orgs?page=1")  # the token's first use is written down
ask("token", with_token, "get", "/api/v1/orgs?page=2")
from django.utils import translation
from govkpi.ops import doctor
with translation.override("en"):
    finding = doctor.check_replicas()
out["doctor"] = [finding.status, finding.message]
""")
    for name in ("home", "org", "open_data", "api", "token_first", "token"):
        assert found[name]["status"] == 200, name
    for name in ("home", "org", "open_data", "api", "token"):  # the data itself came from the replica
        queries = found[name]["queries"]
        assert queries.get("replica_1", 0) > queries.get("default", 0), (name, queries)
    received = pair.replica.read(since)
    assert re.search(r'statement: SELECT .*FROM "orgs_orgunit"', received)  # the standby really ran them
    assert re.search(r'statement: SELECT .*FROM "plans_', received)
    assert not WRITES.search(received) and "ERROR" not in received
    assert re.search(r'statement: SELECT .*FROM "accounts_apitoken"', pair.primary.read(primary_since))  # who: primary
    assert found["readyz"]["status"] == 200
    assert found["readyz"]["body"]["status"] == "ok"
    assert re.fullmatch(r"ok, lag \d+\.\d s", found["readyz"]["body"]["replicas"]["replica_1"])
    assert found["doctor"][0] == "ok"
    assert re.fullmatch(rf"in use: replica_1 \(127\.0\.0\.1:{pair.replica.port}\) lags \d+\.\d s", found["doctor"][1])


def test_sign_in_workflow_and_writes_stay_on_the_primary(pair):
    (waiting,) = pair.primary.query("SELECT min(id) FROM results_result WHERE status = 'submitted'")
    since = pair.replica.mark()
    found = run(pair, f"""
from django.contrib.auth import get_user_model
from govkpi.accounts.models import Membership
from govkpi.orgs.models import OrgUnit
admin = get_user_model().objects.create_user("province-admin")
Membership.objects.create(user=admin, org=OrgUnit.objects.get(code="54"), role="admin")
staff = Client()
staff.force_login(admin)
ask("approvals", staff, "get", "/results/approvals/")
ask("home_signed_in", staff, "get", "/orgs/54-PDPM/")
ask("decide", staff, "post", "/results/{waiting}/decide/", data={{"decision": "approve"}})
visitor = Client()
settle()
ask("before_writing", visitor, "get", "/orgs/54-PLA/")
ask("digits", visitor, "post", "/digits/", data={{"digits": "arabic", "next": "/"}})
out["pinned"] = visitor.cookies.get("govkpi_primary") is not None
ask("after_writing", visitor, "get", "/orgs/54/")
""")
    assert found["approvals"]["status"] == 200 and found["home_signed_in"]["status"] == 200
    assert found["decide"]["status"] == 302
    for name in ("approvals", "home_signed_in", "decide", "digits", "after_writing"):
        assert found[name]["queries"].get("replica_1", 0) == 0, (name, found[name]["queries"])
    assert found["before_writing"]["queries"].get("replica_1", 0) > 0
    assert found["pinned"]  # the visitor wrote: reads their own writes on the primary for a while
    assert found["after_writing"]["status"] == 200
    (status,) = pair.primary.query(f"SELECT status FROM results_result WHERE id = {waiting}")
    assert status == "approved"
    pair.caught_up()
    assert pair.replica.query(f"SELECT status FROM results_result WHERE id = {waiting}") == ("approved",)
    received = pair.replica.read(since)
    assert not WRITES.search(received), WRITES.search(received)  # nothing was even attempted there
    assert "read-only transaction" not in received and "ERROR" not in received


def test_a_lagging_replica_is_skipped(pair):
    pair.replica.query("SELECT pg_wal_replay_pause()")
    try:
        pair.primary.query("CREATE TABLE replica_lag_probe AS SELECT 1 AS x")  # WAL the standby receives, not replays
        for _ in range(400):
            received, replayed = pair.replica.query("SELECT pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()")
            if received != replayed:
                break
            time.sleep(0.025)
        time.sleep(0.05)  # the newest replayed transaction is now older than the bound below
        since = pair.replica.mark()
        found = run(pair, """
ask("page", Client(), "get", "/orgs/54/")
ask("api", Client(), "get", "/api/v1/orgs")
ask("readyz", Client(), "get", "/readyz")
""", GOVKPI_REPLICA_MAX_LAG="0.01")
    finally:
        pair.replica.query("SELECT pg_wal_replay_resume()")
        pair.primary.query("DROP TABLE IF EXISTS replica_lag_probe")
    assert found["page"]["status"] == found["api"]["status"] == 200
    assert found["page"]["queries"].get("replica_1", 0) <= 3  # only the lag checks
    assert found["page"]["queries"]["default"] > 3
    assert found["api"]["queries"].get("replica_1", 0) == 0
    assert found["readyz"]["status"] == 200
    assert found["readyz"]["body"]["status"] == "degraded"
    assert "exceeds GOVKPI_REPLICA_MAX_LAG" in found["readyz"]["body"]["replicas"]["replica_1"]
    assert not re.search(r'FROM "orgs_orgunit"', pair.replica.read(since))


def test_a_replica_that_stops_mid_way_is_skipped_without_a_500(pair):
    stop = " ".join(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []) + \
        f" {BIN / 'pg_ctl'} -D {pair.replica.directory} -m immediate -w stop"
    try:
        found = run(pair, f"""
import subprocess
from govkpi.ops import doctor
ask("healthy", Client(), "get", "/orgs/54/")  # the replica is measured sound, and trusted for a few seconds
subprocess.run({stop!r}, shell=True, check=True, capture_output=True)
ask("page", Client(), "get", "/orgs/54-PDPM/")  # fails on the replica, runs again on the primary
ask("api", Client(), "get", "/api/v1/goals")
ask("readyz", Client(), "get", "/readyz")
finding = doctor.check_replicas()
out["doctor"] = [finding.status, finding.message]
""")
    finally:
        pair.replica.start()
        pair.caught_up()
    assert found["healthy"]["queries"].get("replica_1", 0) > 0
    assert found["page"]["status"] == found["api"]["status"] == 200
    assert found["page"]["queries"]["default"] > 3
    assert "replica_1 failed during GET /orgs/54-PDPM/" in found["log"]  # and was read again from the primary
    assert found["readyz"]["status"] == 200
    assert found["readyz"]["body"]["status"] == "degraded"
    assert found["readyz"]["body"]["checks"]["database"] == "ok"
    assert found["readyz"]["body"]["replicas"]["replica_1"].startswith("OperationalError")
    assert found["doctor"][0] == "warning"
    assert f"replica_1 (127.0.0.1:{pair.replica.port})" in found["doctor"][1]


def test_a_page_cached_while_the_replica_lags_is_not_kept_after_it_catches_up(pair):
    """The page cache keys a page by the data version: read from the primary while the page is read from a lagging
    replica, an old page would be kept under the new version until the next write. The version is read where the
    page is (`govkpi.audit.version`)."""
    pair.caught_up()
    try:
        found = run(pair, STALE_PAGE.format(port=pair.replica.port))
    finally:
        pair.replica.query("SELECT pg_wal_replay_resume()")
    assert found["renamed_shown"]


STALE_PAGE = """
import time
import psycopg
from govkpi.audit.actions import record
from govkpi.orgs.models import OrgUnit
standby = psycopg.connect("host=127.0.0.1 port={port} user=postgres dbname=govkpi", autocommit=True)
ask("before", Client(), "get", "/orgs/54-PLA/")
standby.execute("SELECT pg_wal_replay_pause()")
org = OrgUnit.objects.get(code="54-PLA")
old = org.name_th
OrgUnit.objects.filter(pk=org.pk).update(name_th="Renamed while the replica lags")
record(acting_user=None, channel="cli", action="orgs.org.change", object_type="orgs.orgunit", object_key=org.code,
       changes={{"name_th": [old, "Renamed while the replica lags"]}})
ask("lagging", Client(), "get", "/orgs/54-PLA/")
standby.execute("SELECT pg_wal_replay_resume()")
position = connections["default"].cursor().execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]
while not standby.execute(f"SELECT pg_last_wal_replay_lsn() >= '{{position}}'::pg_lsn").fetchone()[0]:
    time.sleep(0.02)
response = Client().get("/orgs/54-PLA/")
out["renamed_shown"] = "Renamed while the replica lags" in response.content.decode()
OrgUnit.objects.filter(pk=org.pk).update(name_th=old)
record(acting_user=None, channel="cli", action="orgs.org.change", object_type="orgs.orgunit", object_key=org.code,
       changes={{"name_th": ["Renamed while the replica lags", old]}})
"""

"""Read replicas: anonymous reads of public pages, open data and the API go to a PostgreSQL streaming replica; every
write, the workflow and whatever must read its own writes stay on the primary (docs/deployment.md, "Read replicas").

``DATABASE_REPLICA_URL`` (one or more URLs) gives the database aliases ``replica_1``, ``replica_2`` … (settings.py).
:class:`ReplicaMiddleware` decides once per request, before anything reads the database, whether the request may read
a replica: a GET or HEAD without a session (nobody signed in; API token reads included), outside the admin, the
accounts pages and the results workflow, from a client that has not written lately (after any other method a cookie,
or for an API client its token in the cache, keeps it on the primary for :func:`pin_seconds`). It picks one healthy
replica for the whole request, so every query of the request sees one server. :class:`ReplicaRouter` sends the reads
of such a request there and everything else to the primary: writes (and, after a write, the rest of the request's
reads), reads inside a transaction, reads of who may do what (users, memberships, API tokens, sessions: a revoked
token is refused at once), management commands, the probes.

A replica is healthy when it answers, is in recovery (a standby, not a promoted server) and lags at most
``GOVKPI_REPLICA_MAX_LAG`` seconds. Each process measures each replica at most every :data:`CHECK_EVERY` seconds.
A replica that fails during a request makes that GET run again on the primary: a replica never causes a 500.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)
PREFIX = "replica_"
CHECK_EVERY = 5.0  # seconds a process trusts a replica's measured lag
RETRY_AFTER = 30.0  # seconds before a process asks again a replica that did not answer
PIN_COOKIE = "govkpi_primary"
SAFE_METHODS = ("GET", "HEAD")
# Pages that act on the signed-in user's own work, or change it: always the primary.
PRIMARY_PATHS = ("/admin/", "/accounts/", "/results/", "/notices/", "/i18n/", "/metrics")
# Who may do what is read from the primary only: a membership removed or a token revoked counts at once.
PRIMARY_APPS = frozenset({"auth", "accounts", "sessions", "admin"})

# The replica this request reads from; None: the primary (outside requests, for commands, after a write).
_reads: ContextVar[str | None] = ContextVar("govkpi_replica_reads", default=None)

# pg_stat_wal_receiver shows a row (its pid at least) to every user while the standby streams from its primary.
LAG_SQL = (
    "SELECT pg_is_in_recovery(), EXISTS (SELECT 1 FROM pg_stat_wal_receiver), "
    "pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(), "
    "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8"
)


def aliases() -> list[str]:
    """The replicas' database aliases, in the order of DATABASE_REPLICA_URL; [] without replicas."""
    return [alias for alias in settings.DATABASES if alias.startswith(PREFIX)]


def max_lag() -> float:
    return float(getattr(settings, "GOVKPI_REPLICA_MAX_LAG", 30))


def pin_seconds() -> int:
    """How long a client that wrote reads the primary: long enough for any replica in use to have its write."""
    return int(max_lag() + CHECK_EVERY) + 1


@dataclass(frozen=True)
class ReplicaState:
    alias: str
    lag: float | None  # seconds behind the primary; None when not known
    problem: str | None = None  # why reads do not go there; None: they may

    @property
    def usable(self) -> bool:
        return self.problem is None

    def describe(self) -> str:
        """One line for /readyz: "ok, lag 0.2 s" or the problem."""
        return f"ok, lag {self.lag:.1f} s" if self.problem is None and self.lag is not None else (self.problem or "ok")


def judge(in_recovery: bool, receiving: bool, caught_up: bool | None, replay_age: float | None,
          bound: float) -> tuple[float | None, str | None]:
    """(lag in seconds, problem) from what the standby says about itself.

    A standby that streams and has replayed all it received is caught up (lag 0), however long ago the primary last
    wrote; otherwise the lag is the age of the last transaction it replayed (an over-estimate while the primary is
    idle, which only sends reads to the primary for a moment)."""
    if not in_recovery:
        return None, "not a standby (not in recovery): promoted, or not a replica of the primary"
    if receiving and caught_up:
        return 0.0, None
    if replay_age is None:
        return None, "lag unknown: the standby has replayed nothing yet and is not caught up"
    lag = max(replay_age, 0.0)
    if lag > bound:
        return lag, f"lag {lag:.1f} s exceeds GOVKPI_REPLICA_MAX_LAG={bound:g} s"
    return lag, None


def measure(alias: str) -> ReplicaState:
    """Asks the replica how far behind it is. Never raises: an unreachable replica is a problem, not an error."""
    connection = connections[alias]
    try:
        if connection.vendor != "postgresql":
            return ReplicaState(alias, None, f"{connection.vendor} cannot be a streaming replica")
        for attempt in range(3):
            with connection.cursor() as cursor:
                cursor.execute(LAG_SQL)
                in_recovery, receiving, caught_up, replay_age = cursor.fetchone()
            lag, problem = judge(in_recovery, receiving, caught_up, replay_age, max_lag())
            if problem is None or not (receiving and in_recovery) or attempt == 2:
                break
            # Streaming, a write just arrived and is being replayed: after a quiet time the age of the last replayed
            # transaction says nothing about the lag. Ask again in a moment rather than skip a sound replica.
            time.sleep(0.05)
    except Exception as error:  # DatabaseError, and anything a driver or a test harness raises instead
        _close(alias)
        return ReplicaState(alias, None, f"{type(error).__name__}: {error}".strip().splitlines()[0])
    return ReplicaState(alias, lag, problem)


clock = time.monotonic
_seen: dict[str, tuple[float, ReplicaState]] = {}  # alias → (when measured, what was found), per process


def state(alias: str) -> ReplicaState:
    """The replica's state, measured at most CHECK_EVERY seconds ago (RETRY_AFTER when it could not be asked: a
    replica that drops packets costs the connect timeout, and that should not be paid every few seconds)."""
    seen = _seen.get(alias)
    if seen is None or clock() - seen[0] > (CHECK_EVERY if seen[1].lag is not None else RETRY_AFTER):
        seen = (clock(), measure(alias))
        _seen[alias] = seen
    return seen[1]


def states() -> list[ReplicaState]:
    return [state(alias) for alias in aliases()]


def forget() -> None:
    """Measure every replica again at its next use."""
    _seen.clear()


def healthy() -> str | None:
    """A usable replica chosen at random (spreading the reads), or None: read the primary."""
    usable = [found.alias for found in states() if found.usable]
    return random.choice(usable) if usable else None


def _close(alias: str) -> None:
    try:
        connections[alias].close()
    except Exception:  # closing a broken connection may fail too; it is dropped either way
        pass


class ReplicaRouter:
    """Reads of a replica-eligible request → its replica; everything else → the primary."""

    def db_for_read(self, model: type, **hints: object) -> str:
        alias = _reads.get()
        if alias is None or model._meta.app_label in PRIMARY_APPS:  # type: ignore[attr-defined]
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:  # a transaction reads what it writes
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model: type, **hints: object) -> str:
        _reads.set(None)  # from now on this request reads its own write
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: object, obj2: object, **hints: object) -> bool:
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool | None:
        return False if db.startswith(PREFIX) else None


def reading() -> str | None:
    """The database the current request reads from when not the primary (for tests and logs)."""
    return _reads.get()


def _token_key(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization")
    if not header:
        return None
    return "govkpi:primary:" + hashlib.sha256(header.encode()).hexdigest()[:32]


def eligible(request: HttpRequest) -> bool:
    """May this request read a replica? Not when it has a session: whoever is signed in reads the primary."""
    if request.method not in SAFE_METHODS or request.path_info.startswith(PRIMARY_PATHS):
        return False
    if PIN_COOKIE in request.COOKIES or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    user = getattr(request, "user", None)  # known when the middleware runs after AuthenticationMiddleware
    if user is not None and user.is_authenticated:
        return False
    token = _token_key(request)
    return token is None or not cache.get(token)


class ReplicaMiddleware:
    """Chooses the request's database for reads; pins a client that wrote to the primary for a while."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not aliases():
            return self.get_response(request)
        alias = healthy() if eligible(request) else None
        request.replica = alias  # type: ignore[attr-defined]
        token = _reads.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if request.method not in SAFE_METHODS:
            seconds = pin_seconds()
            response.set_cookie(PIN_COOKIE, "1", max_age=seconds, httponly=True, samesite="Lax",
                                secure=request.is_secure())
            key = _token_key(request)
            if key is not None:
                cache.set(key, 1, seconds)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The replica failed while this GET read it (it went away, or cancelled a query that conflicted with
        replay): the GET again, on the primary. Not after the request wrote, nor for the view's own errors."""
        alias = getattr(request, "replica", None)
        if alias is None or _reads.get() != alias or request.resolver_match is None:
            return None
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        _close(alias)
        found = measure(alias)
        _seen[alias] = (clock(), found)  # when it is gone, the next requests read the primary at once
        said = str(exception).strip().splitlines() or [type(exception).__name__]
        logger.warning("%s failed during %s %s (%s): read again from the primary", alias, request.method,
                       request.path, found.problem or said[0])
        request.replica = None  # type: ignore[attr-defined]
        _reads.set(None)  # restored by __call__ when the request ends
        match = request.resolver_match
        return match.func(request, *match.args, **match.kwargs)

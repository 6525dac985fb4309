"""Probes for a load balancer or an orchestrator: ``/healthz`` (the process answers) and ``/readyz`` (it can serve:
database reachable, every migration of this code applied, the cache answering).

With read replicas (``govkpi.ops.replicas``) ``/readyz`` also reports each replica — its lag or what is wrong — and
says ``"degraded"`` when one is not used, still with 200: reads then go to the primary, so the host serves every
request correctly and taking it out of rotation would help no one. Only the primary, the migrations and the cache
decide readiness.

Both answer JSON, are never cached (``Cache-Control: no-store``), need no login and are not rate-limited.
:class:`ProbeMiddleware`, first in ``MIDDLEWARE``, answers them before anything else runs: no session, no host check
(a load balancer often asks by the machine's address, not the site's name), no redirect to https, no request log
line every few seconds. ``govkpi.ops.urls`` routes the same views, so they also work without the middleware.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

from . import replicas

_MIGRATED: set[str] = set()  # database aliases seen fully migrated by this process (code and schema only move on)


def no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)  # includes no-store
    return response


def database_problem(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    """None when the database answers a query, else what went wrong."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"{type(error).__name__}: {error}".strip()
    return None


def pending_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The migrations of this code not yet applied to the database ("app.name"); [] when it is current.

    Reads the migration files once per process; once the database is seen current, later calls cost nothing."""
    if alias in _MIGRATED:
        return []
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    if not pending:
        _MIGRATED.add(alias)
    return pending


def cache_problem() -> str | None:
    key = f"govkpi:readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, 1, 10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as error:  # any backend's own error type (redis, memcached …)
        return f"{type(error).__name__}: {error}".strip()
    return None if found == 1 else "the cache did not keep a value"


def replica_checks() -> dict[str, str]:
    """Each replica's state ("ok, lag 0.2 s" or its problem); {} without replicas."""
    return {found.alias: found.describe() for found in replicas.states()}


def readiness() -> tuple[bool, dict[str, str]]:
    """(ready, what each check found). Replicas are reported (``replicas``) but do not decide readiness."""
    checks: dict[str, str] = {}
    problem = database_problem()
    checks["database"] = problem or "ok"
    if problem is None:
        try:
            pending = pending_migrations()
        except DatabaseError as error:
            pending = [f"cannot read the applied migrations: {error}"]
        checks["migrations"] = f"{len(pending)} not applied: {', '.join(pending[:5])}" if pending else "ok"
    else:
        checks["migrations"] = "not checked"
    checks["cache"] = cache_problem() or "ok"
    ready = all(value == "ok" for value in checks.values())
    found = replica_checks()
    if found:
        unused = [f"{alias}: {text}" for alias, text in found.items() if not text.startswith("ok")]
        checks["replicas"] = "; ".join(unused) if unused else "ok"
    return ready, checks


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches neither the database nor the cache."""
    return no_store(JsonResponse({"status": "ok"}))


def readyz(request: HttpRequest) -> HttpResponse:
    ready, checks = readiness()
    status = "unavailable" if not ready else "degraded" if checks.get("replicas", "ok") != "ok" else "ok"
    body: dict[str, object] = {"status": status, "checks": checks}
    if "replicas" in checks:
        body["replicas"] = replica_checks()  # measured moments ago: no new query
    return no_store(JsonResponse(body, status=200 if ready else 503))


PROBES: dict[str, Callable[[HttpRequest], HttpResponse]] = {"/healthz": healthz, "/readyz": readyz}


class ProbeMiddleware:
    """Answers GET/HEAD of the probe paths before every other middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info.rstrip("/"))
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)

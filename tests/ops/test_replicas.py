"""The replica router and middleware on their own, with a pretend replica (the real one: test_replicas_streaming.py):
which requests may read a replica, which reads go there, how the lag is judged, what /readyz and the doctor say."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, OperationalError, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import ResolverMatch
from django.utils import translation

from govkpi.accounts.models import ApiToken, Membership
from govkpi.audit.models import AuditEvent
from govkpi.ops import doctor, health, replicas
from govkpi.orgs.models import OrgUnit
from govkpi.results.models import Result

from .conftest import environment

SOUND = replicas.ReplicaState("replica_1", 0.2)
LAGGING = replicas.ReplicaState("replica_1", 45.0, "lag 45.0 s exceeds GOVKPI_REPLICA_MAX_LAG=30 s")


@pytest.fixture
def replica(monkeypatch, settings):
    """One replica, replica_1, measured sound; returns what the middleware's inner view saw."""
    settings.GOVKPI_REPLICA_MAX_LAG = 30
    monkeypatch.setattr(replicas, "aliases", lambda: ["replica_1"])
    found = {"state": SOUND}
    monkeypatch.setattr(replicas, "measure", lambda alias: found["state"])
    replicas.forget()
    yield found
    replicas.forget()


def serve(request, *, view=None):
    """Runs the request through ReplicaMiddleware; returns (the response, where the view's reads went)."""
    seen = {}

    def inner(request):
        seen["reads"] = replicas.reading()
        seen["router"] = replicas.ReplicaRouter().db_for_read(Result)
        return HttpResponse("ok") if view is None else view(request)

    response = replicas.ReplicaMiddleware(inner)(request)
    return response, seen


def anonymous(method="get", path="/orgs/54/", **extra):
    request = getattr(RequestFactory(), method)(path, **extra)
    request.user = AnonymousUser()
    return request


def test_an_anonymous_read_of_a_public_page_reads_the_replica(replica):
    for path in ("/", "/orgs/54/", "/open-data/tables/orgs/54.csv", "/api/v1/orgs"):
        _response, seen = serve(anonymous(path=path))
        assert seen == {"reads": "replica_1", "router": "replica_1"}, path
    _response, seen = serve(anonymous("head"))
    assert seen["reads"] == "replica_1"
    assert replicas.reading() is None  # outside the request: the primary


def test_a_token_read_of_the_api_reads_the_replica(replica):
    _response, seen = serve(anonymous(path="/api/v1/orgs", HTTP_AUTHORIZATION="Bearer gk_x"))
    assert seen["reads"] == "replica_1"


@pytest.mark.django_db
def test_signed_in_people_read_the_primary(replica):
    request = anonymous()
    request.user = get_user_model().objects.create_user("somchai")
    _response, seen = serve(request)
    assert seen == {"reads": None, "router": "default"}


def test_a_request_with_a_session_reads_the_primary(replica, settings):
    request = anonymous()
    del request.user  # as the middleware runs: before the session is read
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert serve(request)[1]["reads"] is None


@pytest.mark.parametrize(
    "path", ["/admin/", "/accounts/login/", "/results/approvals/", "/notices/", "/i18n/setlang/", "/metrics"]
)
def test_the_workflow_admin_and_accounts_read_the_primary(replica, path):
    _response, seen = serve(anonymous(path=path))
    assert seen["reads"] is None


def test_a_client_that_writes_reads_the_primary_for_a_while(replica):
    response, seen = serve(anonymous("post", "/digits/"))
    assert seen["reads"] is None
    cookie = response.cookies[replicas.PIN_COOKIE]
    assert int(cookie["max-age"]) == replicas.pin_seconds() > 30  # longer than any lag a used replica may have
    assert cookie["httponly"]
    pinned = anonymous()
    pinned.COOKIES[replicas.PIN_COOKIE] = "1"
    assert serve(pinned)[1]["reads"] is None
    assert serve(anonymous())[1]["reads"] == "replica_1"  # anyone else still reads the replica


def test_a_token_that_writes_reads_the_primary_for_a_while(replica):
    serve(anonymous("post", "/api/v1/results", HTTP_AUTHORIZATION="Bearer gk_writer"))
    assert serve(anonymous(path="/api/v1/results", HTTP_AUTHORIZATION="Bearer gk_writer"))[1]["reads"] is None
    assert serve(anonymous(path="/api/v1/results", HTTP_AUTHORIZATION="Bearer gk_other"))[1]["reads"] == "replica_1"


def test_a_lagging_or_unreachable_replica_is_not_read(replica):
    replica["state"] = LAGGING
    assert serve(anonymous())[1]["reads"] is None
    replicas.forget()
    replica["state"] = replicas.ReplicaState("replica_1", None, "OperationalError: connection refused")
    assert serve(anonymous())[1]["reads"] is None


def test_the_lag_is_measured_at_most_every_few_seconds(replica, monkeypatch):
    asked = []
    monkeypatch.setattr(replicas, "measure", lambda alias: asked.append(alias) or SOUND)
    for _ in range(5):
        serve(anonymous())
    assert asked == ["replica_1"]
    clock = [1000.0]
    monkeypatch.setattr(replicas, "clock", lambda: clock[0])
    replicas.forget()
    serve(anonymous())
    clock[0] += replicas.CHECK_EVERY + 1
    serve(anonymous())
    assert asked == ["replica_1"] * 3


def test_a_replica_that_does_not_answer_is_asked_again_less_often(replica, monkeypatch):
    asked = []
    down = replicas.ReplicaState("replica_1", None, "OperationalError: timeout expired")
    monkeypatch.setattr(replicas, "measure", lambda alias: asked.append(alias) or down)
    clock = [1000.0]
    monkeypatch.setattr(replicas, "clock", lambda: clock[0])
    serve(anonymous())
    clock[0] += replicas.CHECK_EVERY + 1
    serve(anonymous())
    assert len(asked) == 1
    clock[0] += replicas.RETRY_AFTER
    serve(anonymous())
    assert len(asked) == 2


def test_the_router_keeps_who_may_do_what_and_writes_on_the_primary(replica):
    router = replicas.ReplicaRouter()
    token = replicas._reads.set("replica_1")
    try:
        assert router.db_for_read(Result) == router.db_for_read(OrgUnit) == "replica_1"
        for model in (get_user_model(), Membership, ApiToken):  # a revoked token or removed role counts at once
            assert router.db_for_read(model) == "default"
        assert router.db_for_write(AuditEvent) == "default"
        assert router.db_for_read(Result) == "default"  # after a write the request reads its own write
    finally:
        replicas._reads.reset(token)
    assert router.db_for_read(Result) == "default"  # commands, the probes: no request, no replica
    assert router.allow_migrate("replica_1", "results") is False
    assert router.allow_migrate("default", "results") is None
    assert router.allow_relation(object(), object())


@pytest.mark.django_db
def test_reads_inside_a_transaction_go_to_the_primary(replica):
    token = replicas._reads.set("replica_1")
    try:
        with transaction.atomic():
            assert replicas.ReplicaRouter().db_for_read(Result) == "default"
    finally:
        replicas._reads.reset(token)


def test_a_replica_that_fails_mid_request_is_read_again_from_the_primary(replica):
    calls = []

    def view(request):
        calls.append(replicas.reading())
        if replicas.reading() is not None:
            raise OperationalError("server closed the connection unexpectedly")
        return HttpResponse("from the primary")

    middleware = replicas.ReplicaMiddleware(lambda request: HttpResponse())
    request = anonymous()
    request.resolver_match = ResolverMatch(view, (), {})
    token = replicas._reads.set("replica_1")
    request.replica = "replica_1"
    try:
        with pytest.raises(OperationalError) as raised:
            view(request)
        replica["state"] = replicas.ReplicaState("replica_1", None, "OperationalError: connection refused")
        response = middleware.process_exception(request, raised.value)
    finally:
        replicas._reads.reset(token)
    assert response.content == b"from the primary"
    assert calls == ["replica_1", None]
    assert replicas.state("replica_1").usable is False  # the next requests do not try it


def test_a_query_the_replica_cancels_is_read_again_from_the_primary(replica):
    """A standby cancels a query that conflicts with replay; the replica itself stays in use."""
    request = anonymous()
    request.resolver_match = ResolverMatch(lambda request: HttpResponse(replicas.reading() or "primary"), (), {})
    request.replica = "replica_1"
    token = replicas._reads.set("replica_1")
    try:
        conflict = OperationalError("canceling statement due to conflict with recovery")
        response = replicas.ReplicaMiddleware(lambda r: HttpResponse()).process_exception(request, conflict)
    finally:
        replicas._reads.reset(token)
    assert response.content == b"primary"
    assert replicas.state("replica_1").usable


@pytest.mark.parametrize("error", [ValueError("a bug"), IntegrityError("duplicate key"), OperationalError("x")])
def test_the_views_own_errors_and_requests_that_wrote_are_not_retried(replica, error):
    request = anonymous()
    request.resolver_match = ResolverMatch(lambda request: HttpResponse(), (), {})
    request.replica = "replica_1"
    middleware = replicas.ReplicaMiddleware(lambda r: HttpResponse())
    token = replicas._reads.set("replica_1")
    try:
        if isinstance(error, OperationalError):
            replicas.ReplicaRouter().db_for_write(Result)  # the request wrote: its reads are on the primary already
        assert middleware.process_exception(request, error) is None
    finally:
        replicas._reads.reset(token)


@pytest.mark.parametrize(
    ("row", "lag", "problem"),
    [
        ((True, True, True, 3600.0), 0.0, None),  # streaming and caught up: an idle primary is no lag
        ((True, True, False, 2.5), 2.5, None),
        ((True, True, False, 45.0), 45.0, "exceeds"),
        ((True, False, True, 45.0), 45.0, "exceeds"),  # not streaming: as old as its newest replayed transaction
        ((True, False, None, None), None, "lag unknown"),
        ((False, False, None, None), None, "not a standby"),
    ],
)
def test_the_lag_is_judged_from_what_the_standby_says(row, lag, problem):
    found_lag, found_problem = replicas.judge(*row, bound=30)
    assert found_lag == lag
    assert (found_problem is None) if problem is None else (problem in found_problem)


@pytest.mark.django_db
def test_a_database_that_is_not_a_standby_is_never_used():
    problem = replicas.measure("default").problem  # the tests' own database: SQLite, or a PostgreSQL primary
    assert "cannot be a streaming replica" in problem or "not a standby" in problem


@pytest.mark.django_db
def test_readyz_reports_replicas_and_stays_ready_when_one_lags(client, replica):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["replicas"] == {"replica_1": "ok, lag 0.2 s"}
    replicas.forget()
    replica["state"] = LAGGING
    response = client.get("/readyz")
    assert response.status_code == 200  # reads go to the primary: the host still serves everything correctly
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["replicas"] == f"replica_1: {LAGGING.problem}"
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_without_replicas_is_unchanged(client):
    assert "replicas" not in client.get("/readyz").json()


@pytest.mark.django_db
def test_readyz_is_unavailable_when_the_primary_is_down_whatever_the_replicas(client, replica, monkeypatch):
    monkeypatch.setattr(health, "database_problem", lambda alias="default": "OperationalError: refused")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_the_doctor_reports_each_replica_in_thai_and_english(replica, settings):
    settings.DATABASES = {**settings.DATABASES, "replica_1": {"HOST": "db2.internal", "PORT": "5432"}}
    with translation.override("en"):
        found = doctor.check_replicas()
    assert (found.status, found.message) == ("ok", "in use: replica_1 (db2.internal:5432) lags 0.2 s")
    replica["state"] = LAGGING
    with translation.override("th"):
        found = doctor.check_replicas()
        label = found.label
    assert found.status == "warning"
    assert "replica_1 (db2.internal:5432): lag 45.0 s" in found.message
    assert found.message.isascii() is False and found.fix.isascii() is False and label.isascii() is False


@pytest.mark.django_db
def test_the_doctor_has_no_replica_line_without_replicas(monkeypatch):
    monkeypatch.setattr(doctor, "CHECKS", [doctor.check_database, doctor.check_replicas])
    assert [finding.check for finding in doctor.examine()] == ["database"]


def test_settings_make_an_alias_per_replica_url_mirrored_in_tests(tmp_path):
    env = environment(tmp_path / "data", "postgresql://govkpi@db1.internal/govkpi")
    env.update(DATABASE_REPLICA_URL="postgresql://ro@db2.internal/govkpi, postgresql://ro@db3.internal:5433/govkpi",
               DJANGO_SETTINGS_MODULE="govkpi.settings")
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({a: [d['HOST'], d.get('PORT'), d['TEST'].get('MIRROR'), d['OPTIONS'].get('connect_timeout')]"
        " for a, d in s.DATABASES.items() if a != 'default'} | {'routers': s.DATABASE_ROUTERS, "
        "'middleware': 'govkpi.ops.replicas.ReplicaMiddleware' in s.MIDDLEWARE}))"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == {
        "replica_1": ["db2.internal", "", "default", 3],
        "replica_2": ["db3.internal", 5433, "default", 3],
        "routers": ["govkpi.ops.replicas.ReplicaRouter"],
        "middleware": True,
    }
    env["DATABASE_URL"] = ""  # SQLite cannot have streaming replicas: said at start, not at the first read
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert "DATABASE_REPLICA_URL: replicas are standbys of a PostgreSQL DATABASE_URL" in done.stderr

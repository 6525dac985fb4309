"""/healthz and /readyz: JSON, never cached, no login, no host check or https redirect, no rate limit; /readyz says
503 when the database is unreachable or not migrated (each checked in a fresh process configured that way)."""

from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from govkpi.api import http

from .conftest import environment

pytestmark = pytest.mark.django_db

ASK = """
import json, django
django.setup()
from django.test import Client
response = Client().get({path!r})
print(json.dumps({{"status": response.status_code, "body": response.json(), "cache": response["Cache-Control"]}}))
"""


def ask_fresh_process(path: str, env: dict[str, str]) -> dict:
    env = {**env, "DJANGO_SETTINGS_MODULE": "govkpi.settings"}
    done = subprocess.run(
        [sys.executable, "-c", ASK.format(path=path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_checks_database_migrations_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
    }
    assert "no-store" in response["Cache-Control"]


def test_probes_answer_a_load_balancer_asking_by_address_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["kpi.phrae.go.th"]
    for path in ("/healthz", "/readyz"):
        assert client.get(path, HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400  # everything else still checks the host


def test_probes_are_not_rate_limited(client, settings, monkeypatch):
    monkeypatch.setattr(http, "time", SimpleNamespace(time=lambda: 1_700_000_005.0))  # one rate-limit window
    cache.clear()
    settings.GOVKPI_API_ANON_RATE = "2/min"
    assert [client.get("/api/v1/orgs").status_code for _ in range(3)][-1] == 429  # this address is over its limit
    assert [client.get("/readyz").status_code for _ in range(6)] == [200] * 6
    cache.clear()


def test_probes_need_no_login_and_set_no_cookie(client):
    response = client.get("/readyz")
    assert not response.cookies


def test_readyz_is_503_when_migrations_are_missing(tmp_path):
    answer = ask_fresh_process("/readyz", environment(tmp_path / "data", None))  # a new, empty SQLite file
    assert answer["status"] == 503
    assert answer["body"]["status"] == "unavailable"
    assert answer["body"]["checks"]["database"] == "ok"
    assert answer["body"]["checks"]["migrations"].split(" ")[1:3] == ["not", "applied:"]
    assert "no-store" in answer["cache"]


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path):
    unreachable = "postgresql://govkpi@127.0.0.1:9/govkpi?connect_timeout=3"  # the discard port: nothing listens
    answer = ask_fresh_process("/readyz", environment(tmp_path / "data", unreachable))
    assert answer["status"] == 503
    assert answer["body"]["checks"]["database"].startswith("OperationalError")
    assert answer["body"]["checks"]["migrations"] == "not checked"
    assert answer["body"]["checks"]["cache"] == "ok"
    liveness = ask_fresh_process("/healthz", environment(tmp_path / "data", unreachable))
    assert liveness["status"] == 200  # the process lives: restarting it would not bring the database back

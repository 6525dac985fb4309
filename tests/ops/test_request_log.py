"""The request log: a request id (the caller's X-Request-ID when it is sane, else a new one) returned in the
response; with GOVKPI_LOG_FORMAT=json one JSON line per request with user, organisation, method, path, status and
durations."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from govkpi.accounts.models import Membership
from govkpi.ops.logformat import JsonLinesFormatter
from govkpi.orgs.models import OrgUnit

from .conftest import environment

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the govkpi.request logger writes, as parsed JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    logger = logging.getLogger("govkpi.request")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture
def reporter():
    district = OrgUnit.objects.create(code="5401", name_th="อำเภอเมืองแพร่", name_en="Mueang Phrae")
    user = get_user_model().objects.create_user("somchai", password="x")
    Membership.objects.create(user=user, org=district, role="reporter")
    return user


def test_a_signed_in_request_is_one_json_line_with_every_field(client, reporter, log_lines):
    client.force_login(reporter)
    path = reverse("results:tasks")
    response = client.get(f"{path}?page=2", headers={"X-Request-ID": "lb-7f3a.1"})
    assert response.status_code == 200
    assert response["X-Request-ID"] == "lb-7f3a.1"
    [line] = log_lines()
    assert line["logger"] == "govkpi.request" and line["level"] == "INFO"
    assert line["request_id"] == "lb-7f3a.1"
    assert line["user"] == "somchai"
    assert line["organisation"] == ["5401"]
    assert (line["method"], line["path"], line["status"]) == ("GET", path, 200)
    assert line["duration_ms"] >= line["db_ms"] >= 0
    assert line["db_queries"] >= 1  # the session and the user, at least
    assert line["time"].endswith("+00:00")


def test_without_an_id_or_with_a_strange_one_a_new_id_is_made(client, log_lines):
    made = client.get("/healthz-not-a-probe")["X-Request-ID"]
    strange = client.get("/healthz-not-a-probe", headers={"X-Request-ID": "a b\nforged=1"})["X-Request-ID"]
    assert len(made) == len(strange) == 32 and made != strange
    assert [line["request_id"] for line in log_lines()] == [made, strange]
    assert [line["user"] for line in log_lines()] == [None, None]


def test_json_logging_is_turned_on_by_the_setting(tmp_path):
    """A fresh process with GOVKPI_LOG_FORMAT=json writes JSON lines to standard error, Django's own included."""
    env = {**environment(tmp_path / "data", None), "GOVKPI_LOG_FORMAT": "json",
           "DJANGO_SETTINGS_MODULE": "govkpi.settings"}
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
        "from django.test import Client\n"
        "Client().get('/no-such-page', headers={'X-Request-ID': 'probe-42'})\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    request = [line for line in lines if line["logger"] == "govkpi.request"]
    assert [(line["path"], line["status"], line["request_id"]) for line in request] == [
        ("/no-such-page", 404, "probe-42")
    ]
    warning = [line for line in lines if line["logger"] == "django.request"]
    assert warning and warning[0]["request_id"] == "probe-42"  # Django's "Not Found" line carries the id too

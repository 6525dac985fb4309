"""Settings come from the environment only; checked in fresh processes so each case sees its own environment."""

import json
import os
import subprocess
import sys

import pytest

PROBE = (
    "import json; from django.conf import settings; from django.db import connection; "
    "c = connection.cursor(); db = settings.DATABASES['default']; "
    "mode = c.execute('PRAGMA journal_mode').fetchone()[0] if connection.vendor == 'sqlite' else None; "
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), 'debug': settings.DEBUG, "
    "'hosts': settings.ALLOWED_HOSTS, 'key': settings.SECRET_KEY, 'mode': mode}))"
)


def probe(tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "DEBUG")}
    environment.update(GOVKPI_DATA_DIR=str(tmp_path), **env)
    out = subprocess.run(
        [sys.executable, "-m", "govkpi.cli", "shell", "-c", PROBE],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_defaults_are_sqlite_in_wal_mode_under_the_data_dir(tmp_path):
    seen = probe(tmp_path)
    assert seen["engine"] == "django.db.backends.sqlite3"
    assert seen["name"] == str(tmp_path / "govkpi.sqlite3")
    assert seen["mode"] == "wal"
    assert seen["debug"] is False


def test_a_secret_key_is_made_once_and_kept_private(tmp_path):
    first, second = probe(tmp_path)["key"], probe(tmp_path)["key"]
    assert first == second and len(first) >= 50
    assert (tmp_path / "secret-key").stat().st_mode & 0o077 == 0


def test_environment_variables_win(tmp_path):
    seen = probe(tmp_path, SECRET_KEY="k" * 60, DEBUG="1", ALLOWED_HOSTS="kpi.phrae.go.th, example.org")
    assert seen["key"] == "k" * 60
    assert seen["debug"] is True
    assert seen["hosts"] == ["kpi.phrae.go.th", "example.org"]


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL run only")
def test_database_url_selects_postgresql(tmp_path):
    seen = probe(tmp_path, DATABASE_URL=os.environ["DATABASE_URL"])
    assert seen["engine"] == "django.db.backends.postgresql"


def test_a_bad_boolean_is_refused(tmp_path):
    with pytest.raises(subprocess.CalledProcessError) as error:
        probe(tmp_path, DEBUG="maybe")
    assert "DEBUG must be a boolean" in error.value.stderr

"""Nothing stays in one process: the cache, sessions and uploaded files are configured from the environment."""

import json
import os
import subprocess
import sys

import pytest

PROBE = (
    "import json; from django.conf import settings; "
    "print(json.dumps({'cache': settings.CACHES['default'], 'sessions': settings.SESSION_ENGINE, "
    "'storage': settings.STORAGES['default']}))"
)


def probe(tmp_path, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CACHE_URL", "REDIS_URL", "GOVKPI_SESSIONS", "S3_BUCKET", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(GOVKPI_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="govkpi.settings", **env)
    code = PROBE  # the settings alone: no app is set up, so no storage backend needs to be installed
    out = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)
    if out.returncode:
        return {"error": out.stderr}
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_by_default_the_cache_is_in_memory_and_sessions_in_the_database(tmp_path):
    seen = probe(tmp_path)
    assert seen["cache"]["BACKEND"].endswith("LocMemCache")
    assert seen["sessions"] == "django.contrib.sessions.backends.db"
    assert seen["storage"]["BACKEND"].endswith("FileSystemStorage")


@pytest.mark.parametrize("variable", ["CACHE_URL", "REDIS_URL"])
def test_a_redis_url_gives_a_shared_redis_cache(tmp_path, variable):
    seen = probe(tmp_path, **{variable: "redis://cache.internal:6379/2"})
    assert seen["cache"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert seen["cache"]["LOCATION"] == "redis://cache.internal:6379/2"


def test_sessions_can_live_in_the_cache(tmp_path):
    assert probe(tmp_path, GOVKPI_SESSIONS="cache")["sessions"] == "django.contrib.sessions.backends.cache"


def test_an_unknown_session_store_is_refused(tmp_path):
    assert "GOVKPI_SESSIONS must be one of" in probe(tmp_path, GOVKPI_SESSIONS="files")["error"]


def test_a_bucket_puts_uploaded_files_in_s3_compatible_storage(tmp_path):
    seen = probe(tmp_path, S3_BUCKET="govkpi-files", S3_ENDPOINT_URL="https://minio.internal:9000")
    assert seen["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert seen["storage"]["OPTIONS"]["bucket_name"] == "govkpi-files"
    assert seen["storage"]["OPTIONS"]["endpoint_url"] == "https://minio.internal:9000"

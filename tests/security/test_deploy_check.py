"""With production settings (DEBUG off, a real SECRET_KEY, ALLOWED_HOSTS, HTTPS on) Django's deploy check is clean."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "kpi.phrae.go.th",
    "GOVKPI_HTTPS": "1",
}
PROBE = (
    "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in ["
    "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
    "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_PROXY_SSL_HEADER', 'X_FRAME_OPTIONS', 'SECURE_REFERRER_POLICY', "
    "'SESSION_COOKIE_HTTPONLY', 'SECURE_CONTENT_TYPE_NOSNIFF']}))"
)


def govkpi(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    dropped = ("DEBUG", "SECRET_KEY", "GOVKPI_HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(GOVKPI_DATA_DIR=str(tmp_path), SECRET_KEY=secrets.token_urlsafe(50), **env)
    return subprocess.run(
        [sys.executable, "-m", "govkpi.cli", *args], env=environment, capture_output=True, text=True, timeout=60
    )


def test_the_deploy_check_reports_no_issues_with_production_settings(tmp_path):
    done = govkpi(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_without_https_the_deploy_check_names_what_is_missing(tmp_path):
    done = govkpi(tmp_path, "check", "--deploy", "--fail-level", "WARNING", DEBUG="0")
    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr


def test_https_turns_on_secure_cookies_redirects_and_a_year_of_hsts(tmp_path):
    seen = json.loads(govkpi(tmp_path, "shell", "-c", PROBE, **PRODUCTION).stdout.strip().splitlines()[-1])
    assert seen["SESSION_COOKIE_SECURE"] and seen["CSRF_COOKIE_SECURE"] and seen["SECURE_SSL_REDIRECT"]
    assert seen["SECURE_HSTS_SECONDS"] >= 31_536_000 and seen["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert seen["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert seen["X_FRAME_OPTIONS"] == "DENY" and seen["SECURE_REFERRER_POLICY"] == "same-origin"
    assert seen["SESSION_COOKIE_HTTPONLY"] and seen["SECURE_CONTENT_TYPE_NOSNIFF"]

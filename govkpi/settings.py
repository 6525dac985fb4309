"""The one settings module. Everything that differs between machines comes from the environment.

DATABASE_URL      default: SQLite at $GOVKPI_DATA_DIR/govkpi.sqlite3 (WAL mode)
SECRET_KEY        default: a random key kept in $GOVKPI_DATA_DIR/secret-key
DEBUG             default: off
ALLOWED_HOSTS     comma-separated, default: localhost,127.0.0.1,[::1],testserver
GOVKPI_DATA_DIR   default: var/ in the current directory
CACHE_URL         (or REDIS_URL) redis://host:6379/0 → a cache shared by every process; default: each process's memory
GOVKPI_SESSIONS   db (default), cache or cached_db
DB_CONN_MAX_AGE   seconds a process keeps its database connection open (default 0: one per request)
DATABASE_REPLICA_URL  PostgreSQL streaming replicas (comma or space separated) for anonymous reads (govkpi.ops.replicas)
S3_BUCKET         uploaded files in an S3-compatible bucket (S3_ENDPOINT_URL, S3_REGION; keys: AWS_ACCESS_KEY_ID …)
GOVKPI_LOG_FORMAT text (default) or json: JSON lines, one per request (govkpi.ops.requestlog)
GOVKPI_METRICS_TOKEN, GOVKPI_METRICS_IPS   who may read /metrics (default: nobody, 404)
GOVKPI_JOB_MATERIALISE, _REMIND, _NOTIFY  schedules of `govkpi jobs run-due` ("daily 03:15", "off" …)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: str = "0") -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG")
DATA_DIR = Path(os.environ.get("GOVKPI_DATA_DIR", "var")).resolve()


def _secret_key() -> str:
    """SECRET_KEY from the environment, else from $GOVKPI_DATA_DIR/secret-key (made once, private to its owner)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = DATA_DIR / "secret-key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "govkpi.audit",
    "govkpi.sdg",
    "govkpi.orgs",
    "govkpi.plans",
    "govkpi.strategy",
    "govkpi.results",
    "govkpi.assessments",
    "govkpi.awards",
    "govkpi.claims",
    "govkpi.workbook",
    "govkpi.scorecards",
    "govkpi.dashboards",
    "govkpi.demo",
    "govkpi.events",
    "govkpi.reports",
    "govkpi.opendata",
    "govkpi.ops",
    "govkpi.accounts",
    "govkpi.api",
    "ninja",
    "govkpi.synth",
    "govkpi.maps",
    "govkpi.notify",
]

MIDDLEWARE = [
    "govkpi.ops.health.ProbeMiddleware",  # /healthz, /readyz: answered before anything else (govkpi.ops.health)
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "govkpi.ops.requestlog.RequestMiddleware",  # request id, database time, the request log line
    "django.middleware.security.SecurityMiddleware",
    "govkpi.ops.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Read replicas: where this request reads (before the API cache reads the data version; govkpi.ops.replicas)
    *(["govkpi.ops.replicas.ReplicaMiddleware"] if os.environ.get("DATABASE_REPLICA_URL", "").strip() else []),
    "govkpi.api.etag.ConditionalApiMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "govkpi.urls"
WSGI_APPLICATION = "govkpi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "govkpi.dashboards.context_processors.preferences",
                "govkpi.dashboards.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'govkpi.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a load writes; IMMEDIATE takes the write lock at BEGIN, so a
    # transaction never fails half-way on a lock upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Bangkok"

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "results:tasks"
# Results collection (issue 3): evidence uploads, login throttling, reminders by e-mail.
GOVKPI_MAX_UPLOAD_MB = int(os.environ.get("GOVKPI_MAX_UPLOAD_MB", "20"))
# Limits of a spreadsheet read (govkpi.ops.spreadsheets, issue 14), e.g. "workbook.rows=800000,entry_sheet.cells=300000"
GOVKPI_SPREADSHEET_LIMITS = os.environ.get("GOVKPI_SPREADSHEET_LIMITS", "")
GOVKPI_LOGIN_MAX_FAILURES = int(os.environ.get("GOVKPI_LOGIN_MAX_FAILURES", "5"))
GOVKPI_LOGIN_WINDOW_MINUTES = int(os.environ.get("GOVKPI_LOGIN_WINDOW_MINUTES", "15"))
# Four eyes (issue 13): whoever submitted a result may not approve it, even holding both roles; 0 relaxes it (a
# one-person office). The system (command line, workbook) is never subject to it.
GOVKPI_FOUR_EYES = envbool("GOVKPI_FOUR_EYES", "1")
# API rate limits, "<requests>/<s|min|h|day>": per token, and per address for requests without a token.
GOVKPI_API_RATE = os.environ.get("GOVKPI_API_RATE", "600/min")
GOVKPI_API_ANON_RATE = os.environ.get("GOVKPI_API_ANON_RATE", "300/min")
# How many reverse proxies in front append to X-Forwarded-For (nginx with $proxy_add_x_forwarded_for: 1); 0 = none,
# REMOTE_ADDR is the client. Login throttling and API limits per address use it.
GOVKPI_PROXY_HOPS = int(os.environ.get("GOVKPI_PROXY_HOPS", "0"))
EVIDENCE_ROOT = Path(os.environ.get("GOVKPI_EVIDENCE_DIR", str(DATA_DIR / "evidence"))).resolve()
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "govkpi@localhost")
# The mail server of EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (`govkpi doctor` tries to reach it).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL")

# Logs go to standard error. GOVKPI_LOG_FORMAT=json: every record as one JSON line, and one line per request
# (request id, user, organisation, method, path, status, duration; govkpi.ops.requestlog).
GOVKPI_LOG_FORMAT = os.environ.get("GOVKPI_LOG_FORMAT", "text").strip().lower()
if GOVKPI_LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"GOVKPI_LOG_FORMAT must be text or json, not {GOVKPI_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "govkpi.ops.logformat.JsonLinesFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", **({"formatter": "json"} if GOVKPI_LOG_FORMAT == "json" else {})}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"govkpi.request": {"level": "INFO"}} if GOVKPI_LOG_FORMAT == "json" else {},
}
# Operations (docs/deployment.md): Prometheus metrics at /metrics for a bearer token and/or addresses (default: off,
# 404); the probes answer over plain http too (a load balancer asks the application directly).
GOVKPI_METRICS_TOKEN = os.environ.get("GOVKPI_METRICS_TOKEN", "")
GOVKPI_METRICS_IPS = envlist("GOVKPI_METRICS_IPS", "")
# Periodic jobs (govkpi.ops.jobs; `govkpi jobs run-due` from cron on every host), Bangkok time:
# "daily HH:MM", "weekly mon HH:MM", "hourly MM" or "off".
GOVKPI_JOBS = {
    "materialise": os.environ.get("GOVKPI_JOB_MATERIALISE", "daily 03:15"),
    "remind": os.environ.get("GOVKPI_JOB_REMIND", "weekly mon 08:00"),
    "notify": os.environ.get("GOVKPI_JOB_NOTIFY", "hourly 10"),  # a safety net: cron runs `notify deliver` often
    # the provincial committee's monthly pack of the latest month ended, published at /reports/ (e.g. "monthly 5 07:00")
    "meeting": os.environ.get("GOVKPI_JOB_MEETING", "off"),
    # `govkpi backup --dated` into GOVKPI_BACKUP_DIR, keeping the newest GOVKPI_BACKUP_KEEP; the audit checkpoint
    # appended to GOVKPI_CHECKPOINT_FILE (copy it off the machine: docs/deployment.md)
    "backup": os.environ.get("GOVKPI_JOB_BACKUP", "off"),
    "checkpoint": os.environ.get("GOVKPI_JOB_CHECKPOINT", "off"),
}
GOVKPI_BACKUP_DIR = Path(os.environ.get("GOVKPI_BACKUP_DIR", str(DATA_DIR / "backups"))).resolve()
GOVKPI_BACKUP_KEEP = int(os.environ.get("GOVKPI_BACKUP_KEEP", "14"))
GOVKPI_CHECKPOINT_FILE = Path(
    os.environ.get("GOVKPI_CHECKPOINT_FILE", str(DATA_DIR / "audit-checkpoints.log"))
).resolve()

# LINE notices (govkpi.notify, docs/deployment.md): the Messaging API channel access token; the API's address
# (a local fake server in tests); the site's address for the links in notices.
GOVKPI_LINE_TOKEN = os.environ.get("GOVKPI_LINE_TOKEN", "")
GOVKPI_LINE_API = os.environ.get("GOVKPI_LINE_API", "https://api.line.me")
GOVKPI_SITE_URL = os.environ.get("GOVKPI_SITE_URL", "http://localhost:8000")

# Security (docs/deployment.md, docs/threat-model.md). Always: no sniffing, no framing, same-origin referrers and
# a content security policy (govkpi.ops.csp). Behind HTTPS (GOVKPI_HTTPS=1, the proxy sets X-Forwarded-Proto):
# secure cookies, redirect to https and HSTS, so `govkpi check --deploy` reports no issues.
HTTPS = envbool("GOVKPI_HTTPS")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = int(os.environ.get("GOVKPI_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Several processes or machines against one database (docs/deployment.md): no state stays in a process. The cache
# is Redis when CACHE_URL or REDIS_URL is set, else each process's own memory (fine for one process, and for
# several as long as what is cached is keyed by the data version); sessions are in the database unless
# GOVKPI_SESSIONS says otherwise; uploaded files go to an S3-compatible bucket when S3_BUCKET is set.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                    "KEY_PREFIX": "govkpi"}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "govkpi"}}
SESSION_BACKENDS = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
    "cached_db": "django.contrib.sessions.backends.cached_db",
}
if os.environ.get("GOVKPI_SESSIONS", "db") not in SESSION_BACKENDS:
    raise ImproperlyConfigured(f"GOVKPI_SESSIONS must be one of {', '.join(SESSION_BACKENDS)}")
SESSION_ENGINE = SESSION_BACKENDS[os.environ.get("GOVKPI_SESSIONS", "db")]
# Keep database connections open between requests (seconds; 0 closes them after each request, the default).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "0"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] > 0
# Read replicas (govkpi.ops.replicas, docs/deployment.md): each URL of DATABASE_REPLICA_URL is an alias replica_1, …
# that anonymous GETs of public pages, open data and the API read while it lags at most GOVKPI_REPLICA_MAX_LAG seconds.
GOVKPI_REPLICA_MAX_LAG = float(os.environ.get("GOVKPI_REPLICA_MAX_LAG", "30"))
for _number, _url in enumerate(os.environ.get("DATABASE_REPLICA_URL", "").replace(",", " ").split(), start=1):
    _replica = dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    if "postgresql" not in _replica["ENGINE"] or "postgresql" not in DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL: replicas are standbys of a PostgreSQL DATABASE_URL")
    _replica["OPTIONS"] = {"connect_timeout": 3, **_replica.get("OPTIONS", {})}  # an unreachable replica: skipped fast
    DATABASES[f"replica_{_number}"] = {**_replica, "CONN_HEALTH_CHECKS": True, "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["govkpi.ops.replicas.ReplicaRouter"] if len(DATABASES) > 1 else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",  # pip install "govkpi[deploy]"
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


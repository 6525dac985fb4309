"""`govkpi doctor`: is this installation sound? One finding per check — ok, warning or problem — and, when not ok,
the fix in one sentence. Call inside ``translation.override`` for the language of the sentences.

A problem stops the installation from doing its job (or from being trusted); a warning is worth fixing but nothing
breaks. Checks that need the database are not run while the database is not ready.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from govkpi.audit import anchors
from govkpi.reports import pdf, render

from . import replicas
from .health import database_problem, pending_migrations

OK, WARNING, PROBLEM = "ok", "warning", "problem"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "testserver"}
OFFLINE_MAIL = ("console", "locmem", "dummy", "filebased")
LABELS = {
    "database": pgettext_lazy("doctor check", "Database"),
    "replicas": pgettext_lazy("doctor check", "Read replicas"),
    "pdf": pgettext_lazy("doctor check", "PDF (Chromium, Thai fonts)"),
    "storage": pgettext_lazy("doctor check", "File storage (evidence, audit anchors)"),
    "secret_key": pgettext_lazy("doctor check", "Secret key"),
    "audit": pgettext_lazy("doctor check", "Audit chain"),
    "score_store": pgettext_lazy("doctor check", "Score store"),
    "jobs": pgettext_lazy("doctor check", "Periodic jobs"),
    "email": pgettext_lazy("doctor check", "E-mail"),
    "line": pgettext_lazy("doctor check", "LINE"),
    "debug": pgettext_lazy("doctor check", "Debug mode"),
}


@dataclass(frozen=True)
class Finding:
    check: str  # a stable name: database, replicas, pdf, storage, secret_key, audit, score_store, jobs, email, line,
    # debug
    status: str  # ok, warning, problem
    message: str
    fix: str = ""

    @property
    def label(self) -> str:
        return str(LABELS[self.check])  # in the language active when read

    def as_dict(self) -> dict[str, str]:
        return {"check": self.check, "label": self.label, **{k: v for k, v in asdict(self).items() if k != "check"}}


def check_database() -> Finding:
    problem = database_problem()
    if problem:
        return Finding(
            "database",
            PROBLEM,
            _("cannot reach the database: %(error)s") % {"error": problem},
            _("Check DATABASE_URL and that the database server runs and accepts this user."),
        )
    pending = pending_migrations()
    if pending:
        return Finding(
            "database",
            PROBLEM,
            ngettext(
                "%(count)d migration not applied (%(names)s)",
                "%(count)d migrations not applied (%(names)s)",
                len(pending),
            )
            % {"count": len(pending), "names": ", ".join(pending[:3])},
            _("Run `govkpi migrate`."),
        )
    return Finding("database", OK, _("%(vendor)s reachable, every migration applied") % {"vendor": connection.vendor})


def check_replicas() -> Finding:
    """Each replica of DATABASE_REPLICA_URL: its lag, or why reads do not go there (a warning: they go to the
    primary instead, nothing breaks). Only run when replicas are configured."""
    replicas.forget()  # measure now, not what this process saw a moment ago
    found = replicas.states()
    unused = [f for f in found if not f.usable]
    if unused:
        return Finding(
            "replicas",
            WARNING,
            _("not used, reads go to the primary: %(replicas)s")
            % {"replicas": "; ".join(f"{_server(f.alias)}: {f.problem}" for f in unused)},
            _(
                "Check that each replica runs, streams from the primary (pg_stat_replication on the primary) and "
                "accepts this user; a replica lagging more than GOVKPI_REPLICA_MAX_LAG seconds is used again once "
                "it catches up."
            ),
        )
    lags = [_("%(replica)s lags %(seconds)s s") % {"replica": _server(f.alias), "seconds": f"{f.lag or 0:.1f}"}
            for f in found]
    return Finding("replicas", OK, _("in use: %(replicas)s") % {"replicas": ", ".join(lags)})


def _server(alias: str) -> str:
    database = settings.DATABASES[alias]
    return f"{alias} ({database.get('HOST') or 'localhost'}:{database.get('PORT') or 5432})"


def check_pdf() -> Finding:
    browser = pdf.CHROMIUM
    if not browser.is_file() or not os.access(browser, os.X_OK):
        return Finding(
            "pdf",
            PROBLEM,
            _("no Chromium at %(path)s: PDF reports cannot be printed") % {"path": browser},
            _("Install it (apt-get install chromium) or set GOVKPI_CHROMIUM to its path."),
        )
    missing = [name for name in render.FONT_FILES.values() if not _font(render.FONTS / name)]
    if missing:
        return Finding(
            "pdf",
            PROBLEM,
            _("Thai font files missing or damaged: %(files)s") % {"files": ", ".join(missing)},
            _("Reinstall govkpi: the Sarabun fonts ship with it."),
        )
    return Finding("pdf", OK, _("Chromium at %(path)s, Sarabun fonts present") % {"path": browser})


def _font(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    except OSError:
        return False


def _unwritable(directory: Path) -> str | None:
    """None when a file can be created in the directory (or the directory can be made where it is missing)."""
    if directory.is_dir():
        try:
            handle, name = tempfile.mkstemp(prefix=".govkpi-doctor-", dir=directory)
        except OSError as error:
            return error.strerror or str(error)
        os.close(handle)
        os.unlink(name)
        return None
    parent = directory
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if parent.is_dir() and os.access(parent, os.W_OK | os.X_OK):
        return None  # made by the first file stored there
    return _("%(path)s is not a writable directory") % {"path": parent}


def check_storage() -> Finding:
    places = [Path(settings.EVIDENCE_ROOT), anchors.anchor_path().parent]
    if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        places.append(Path(settings.MEDIA_ROOT))
    failed = [(place, error) for place in places if (error := _unwritable(place))]
    if failed:
        return Finding(
            "storage",
            PROBLEM,
            "; ".join(_("cannot write to %(path)s (%(error)s)") % {"path": p, "error": e} for p, e in failed),
            _(
                "Create the directory and give it to the user govkpi runs as (chown), or set GOVKPI_EVIDENCE_DIR "
                "and GOVKPI_DATA_DIR to writable places."
            ),
        )
    return Finding("storage", OK, _("writable: %(paths)s") % {"paths": ", ".join(str(p) for p in places)})


def check_secret_key() -> Finding:
    key = settings.SECRET_KEY
    if len(key) < 32 or key.startswith("django-insecure") or len(set(key)) < 5:
        return Finding(
            "secret_key",
            PROBLEM,
            _("SECRET_KEY is short or a known example"),
            _('Set SECRET_KEY to a long random value: python3 -c "import secrets; print(secrets.token_urlsafe(50))".'),
        )
    if os.environ.get("SECRET_KEY") == key:
        return Finding("secret_key", OK, _("from the environment (SECRET_KEY)"))
    path = Path(settings.DATA_DIR) / "secret-key"
    try:
        kept = path.read_text().strip()
    except OSError:
        kept = None
    if kept != key:
        return Finding(
            "secret_key",
            PROBLEM,
            _(
                "the key in use is neither SECRET_KEY of the environment nor the one kept in %(path)s: "
                "after a restart sessions end and signed backups and checkpoints no longer verify"
            )
            % {"path": path},
            _("Set SECRET_KEY in the environment (/etc/govkpi/env), the same on every host."),
        )
    if path.stat().st_mode & 0o077:
        return Finding(
            "secret_key",
            WARNING,
            _("kept in %(path)s, which other users may read") % {"path": path},
            _("Run chmod 600 on the file (or set SECRET_KEY in the environment)."),
        )
    if not settings.DEBUG and connection.vendor != "sqlite":
        return Finding(
            "secret_key",
            WARNING,
            _("kept in %(path)s on this host only") % {"path": path},
            _("With several hosts set SECRET_KEY in the environment, the same on every host."),
        )
    return Finding("secret_key", OK, _("kept in %(path)s") % {"path": path})


def check_audit() -> Finding:
    from govkpi.audit.management.commands.audit import _check  # what `govkpi audit verify` checks, said once

    checked, report, problems = _check(None)
    if problems:
        return Finding(
            "audit",
            PROBLEM,
            "; ".join(problems),
            _(
                "Run `govkpi audit verify` for every detail, then find out who changed the database outside "
                "govkpi and restore the entries from a backup."
            ),
        )
    warnings = [line for line in report if line.startswith("warning: ")]
    if warnings:
        return Finding("audit", WARNING, "; ".join(warnings), _("Run `govkpi audit verify` for the details."))
    return Finding("audit", OK, _("intact: %(count)d entries, the anchors agree") % {"count": checked})


def check_score_store() -> Finding:
    from .scores import store_status

    found = store_status()
    stale = [str(status.fiscal_year) for status in found if not status.current]
    if stale:
        return Finding(
            "score_store",
            WARNING,
            _(
                "not current for fiscal years %(years)s: scorecards are computed from the results (correct, "
                "slower at national scale)"
            )
            % {"years": ", ".join(stale)},
            _("Run `govkpi materialise` (and nightly from cron)."),
        )
    if not found:
        return Finding("score_store", OK, _("no fiscal year has criteria yet"))
    return Finding(
        "score_store",
        OK,
        _("current for fiscal years %(years)s") % {"years": ", ".join(str(s.fiscal_year) for s in found)},
    )


def check_jobs() -> Finding:
    from .models import JobState

    failed = [f"{state.name}: {state.summary}" for state in JobState.objects.filter(outcome="failed")]
    if failed:
        return Finding(
            "jobs",
            WARNING,
            _("the last run failed — %(jobs)s") % {"jobs": "; ".join(failed)},
            _(
                "Run `govkpi jobs run-due` by hand, read the error and fix its cause; the next scheduled time runs it "
                "again."
            ),
        )
    return Finding("jobs", OK, _("no failed run (`govkpi jobs` lists them)"))


def check_email() -> Finding:
    backend = settings.EMAIL_BACKEND
    if any(f".{kind}." in backend for kind in OFFLINE_MAIL):
        if settings.DEBUG:
            return Finding("email", OK, _("%(backend)s (development): nothing is sent") % {"backend": backend})
        return Finding(
            "email",
            WARNING,
            _("%(backend)s: reminders reach no one") % {"backend": backend},
            _(
                "Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST, EMAIL_PORT "
                "(EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS when the server asks)."
            ),
        )
    if backend.endswith("smtp.EmailBackend"):
        server = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
        try:
            mail = get_connection(timeout=10)
            mail.open()
            mail.close()
        except Exception as error:  # smtplib's errors, refused connections, bad credentials
            return Finding(
                "email",
                WARNING,
                _("cannot reach the mail server %(server)s: %(error)s") % {"server": server, "error": error},
                _("Check EMAIL_HOST, EMAIL_PORT and the credentials, and that this host may reach the server."),
            )
        if settings.DEFAULT_FROM_EMAIL.endswith("@localhost"):
            return Finding(
                "email",
                WARNING,
                _("mail is sent from %(sender)s") % {"sender": settings.DEFAULT_FROM_EMAIL},
                _("Set DEFAULT_FROM_EMAIL to an address of the province."),
            )
        return Finding("email", OK, _("the mail server %(server)s answers") % {"server": server})
    return Finding("email", OK, _("sent through %(backend)s") % {"backend": backend})


def check_line() -> Finding:
    from govkpi.notify.health import line_check  # the token, LINE's answer and the outbox's failures

    return Finding("line", *line_check())


def check_debug() -> Finding:
    if not settings.DEBUG:
        return Finding("debug", OK, pgettext("doctor: debug mode", "off"))
    production = getattr(settings, "HTTPS", False) or set(settings.ALLOWED_HOSTS) - LOCAL_HOSTS
    if production:
        return Finding(
            "debug",
            PROBLEM,
            _("DEBUG is on in production: error pages show settings and code to anyone"),
            _("Set DEBUG=0 in the environment and restart."),
        )
    return Finding(
        "debug", WARNING, _("DEBUG is on: fine on a developer's machine only"), _("Set DEBUG=0 in production.")
    )


CHECKS: list[Callable[[], Finding]] = [
    check_database,
    check_replicas,
    check_pdf,
    check_storage,
    check_secret_key,
    check_audit,
    check_score_store,
    check_jobs,
    check_email,
    check_line,
    check_debug,
]
NEED_DATABASE = {check_audit, check_score_store, check_jobs}
ONLY_WHEN: dict[Callable[[], Finding], Callable[[], bool]] = {check_replicas: lambda: bool(replicas.aliases())}


def examine() -> list[Finding]:
    """Every check, in a fixed order; those that read the database only when the database is ready."""
    found = []
    for check in CHECKS:
        name = check.__name__.removeprefix("check_")
        if check in ONLY_WHEN and not ONLY_WHEN[check]():
            continue
        if check in NEED_DATABASE and found[0].status != OK:
            found.append(
                Finding(name, WARNING, _("not checked: the database is not ready"), _("Fix the database first."))
            )
            continue
        try:
            found.append(check())
        except DatabaseError as error:
            found.append(
                Finding(
                    name,
                    PROBLEM,
                    _("the database failed: %(error)s") % {"error": error},
                    _("Check the database server's log."),
                )
            )
    return found


def sound(found: list[Finding]) -> bool:
    return all(finding.status != PROBLEM for finding in found)

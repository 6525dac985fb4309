"""The workbook upload page: a province administrator loads a province workbook through the same loader as
`govkpi load` and the API (all or nothing, one `workbook.load` audit event, channel ``web``).

While the upload's own request loads the file, the loader's stages and row counts go to Django's cache
(:class:`govkpi.ops.progress.Cached`, keyed by the user and a key the form carries); the page's script polls
:func:`upload_progress` and shows them in a ``<progress>`` bar with a polite live region. The load stays in the
request (no background thread): its transaction, audit and answer are exactly those of a plain POST, which is what
the page does without JavaScript. Polling needs a second request served while the first runs (any threaded or
multi-worker server) and, with several processes, a shared cache (Redis: ``CACHE_URL``).
"""

from __future__ import annotations

import re
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from govkpi.accounts.permissions import is_province_admin
from govkpi.ops.progress import SILENT, Cached, Progress, snapshot

from .actions import LoadReport, load_workbook
from .messages import WorkbookError

KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


def progress_key(request: HttpRequest, key: str) -> str:
    """Whose upload: a user reads only the progress of their own loads."""
    return f"workbook-upload:{request.user.pk}:{key}"


def _admin(request: HttpRequest) -> None:
    if not is_province_admin(request.user):
        raise PermissionDenied


def _file_name(name: str) -> str:
    """The uploaded file's own name (no folders), as the audit and the messages show it."""
    name = Path(name.replace("\\", "/")).name.strip() or "workbook"
    return re.sub(r"[\x00-\x1f/]", "_", name)[:200]


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: load the file, then show what was done or every problem (400)."""
    _admin(request)
    context: dict[str, object] = {"limit": settings.GOVKPI_MAX_UPLOAD_MB}
    status = 200
    if request.method == "POST":
        key = request.POST.get("progress", "")
        progress: Progress = Cached(progress_key(request, key)) if KEY.fullmatch(key) else SILENT
        context["dry_run"] = request.POST.get("dry_run") == "1"
        status = _load(request, context, progress)
        if isinstance(progress, Cached):
            progress.finish(ok=status == 200)
    context["progress_key"] = secrets.token_urlsafe(24)
    return render(request, "workbook/upload.html", context, status=status)


def _load(request: HttpRequest, context: dict[str, object], progress: Progress) -> int:
    """Load the posted file as the user (channel ``web``); what to show goes into ``context``; the status."""
    sent = request.FILES.get("workbook")
    limit = settings.GOVKPI_MAX_UPLOAD_MB
    if sent is None:
        context["form_error"] = _("Choose the workbook file.")
        return 400
    if sent.size is not None and sent.size > limit * 1024 * 1024:
        context["form_error"] = _("The file is larger than %(mb)s MB.") % {"mb": limit}
        return 400
    name = context["file"] = _file_name(sent.name or "")
    with tempfile.TemporaryDirectory(prefix="govkpi-upload-") as folder:
        path = Path(folder) / name  # the loader reads by the name's extension; the audit records the name
        with path.open("wb") as handle:
            for chunk in sent.chunks():
                handle.write(chunk)
        try:
            report = load_workbook(path, acting_user=request.user, channel="web", dry_run=bool(context["dry_run"]),
                                   progress=progress)
        except WorkbookError as error:
            context["problems"] = error.messages()
            context["problems_heading"] = _("%(count)d error(s) in %(file)s; nothing was loaded.") % {
                "count": error.count, "file": name
            }
            return 400
    context["report"] = _rows(report)
    return 200


def _rows(report: LoadReport) -> list[dict[str, object]]:
    return [{"table": name, **counts.as_dict()} for name, counts in report.tables.items()]


@require_GET
@login_required
def upload_progress(request: HttpRequest, key: str) -> JsonResponse:
    """The stages of one of the user's loads so far: ``{"stages": [{name, done, total, seconds, finished}],
    "finished": bool}`` (empty before the load has begun or once forgotten). Reads the cache only."""
    _admin(request)
    found = snapshot(progress_key(request, key)) if KEY.fullmatch(key) else None
    response = JsonResponse(found or {"stages": [], "finished": False})
    response["Cache-Control"] = "no-store"
    return response

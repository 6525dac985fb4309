"""The public list of published documents and the officer page that generates and publishes them.

Generating a PDF takes a while: as on the workbook upload page, the form carries a random key, the POST generates
the document in its own request with its stages in Django's cache (:class:`govkpi.ops.progress.Cached`, keyed by
the user and that key), and the page's script (``ops/progress.js``) polls :func:`generate_progress` meanwhile.
Without script the page is the plain POST, which ends the same way: back to the list with the new document.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from govkpi.ops.progress import SILENT, Cached, Progress, snapshot

from .actions import generate_document, set_published
from .forms import GenerateForm
from .generate import CONTENT_TYPES
from .models import GeneratedDocument

DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
LISTED = ["id", "kind", "fiscal_year", "period", "lang", "digits", "format", "title", "size", "published", "created_at"]
KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


def progress_key(request: HttpRequest, key: str) -> str:
    """Whose generation: an officer reads only the progress of their own."""
    return f"report-generate:{request.user.pk}:{key}"


def index(request: HttpRequest) -> HttpResponse:
    documents = GeneratedDocument.objects.filter(published=True).only(*LISTED)
    return render(request, "reports/index.html", {"documents": documents})


def download(request: HttpRequest, pk: int, filename: str) -> HttpResponse:
    document = get_object_or_404(GeneratedDocument, pk=pk)
    if not document.published and not request.user.has_perm("reports.view_generateddocument"):
        raise Http404
    response = HttpResponse(bytes(document.content), content_type=CONTENT_TYPES[document.format])
    disposition = "inline" if document.format in ("pdf", "html") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{document.filename}"'
    if document.format == "html":  # a standalone document: its own inline style and embedded fonts, no script
        response["Content-Security-Policy"] = DOCUMENT_POLICY
    return response


@login_required
@permission_required("reports.add_generateddocument", raise_exception=True)
def generate(request: HttpRequest) -> HttpResponse:
    form = GenerateForm(request.POST or None)
    if request.method == "POST":
        key = request.POST.get("progress", "")
        progress: Progress = Cached(progress_key(request, key)) if KEY.fullmatch(key) else SILENT
        ok = False
        try:
            if form.is_valid():
                _generate(request, form.cleaned_data, progress)
                ok = True
                return redirect("reports:generate")
        finally:
            if isinstance(progress, Cached):
                progress.finish(ok=ok)
    documents = GeneratedDocument.objects.only(*LISTED)[:50]
    context = {"form": form, "documents": documents, "progress_key": secrets.token_urlsafe(24)}
    return render(request, "reports/generate.html", context)


def _generate(request: HttpRequest, data: dict[str, Any], progress: Progress) -> None:
    publish = data["publish"] and request.user.has_perm("reports.publish_generateddocument")
    document = generate_document(
        kind=data["kind"],
        fiscal_year=data["fiscal_year"],
        fmt=data["format"],
        lang=data["lang"],
        digits=data["digits"],
        publish=publish,
        site_url=request.build_absolute_uri("/").rstrip("/"),
        acting_user=request.user,
        channel="web",
        layout=data.get("layout") or None,
        period=data.get("period") or "",
        progress=progress,
    )
    messages.success(request, _("Generated: %(title)s") % {"title": document.title})


@require_GET
@login_required
@permission_required("reports.add_generateddocument", raise_exception=True)
def generate_progress(request: HttpRequest, key: str) -> JsonResponse:
    """The stages of one of the officer's generations so far: ``{"stages": [{name, done, total, seconds,
    finished}], "finished": bool}`` (empty before it has begun or once forgotten). Reads the cache only."""
    found = snapshot(progress_key(request, key)) if KEY.fullmatch(key) else None
    response = JsonResponse(found or {"stages": [], "finished": False})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
@permission_required("reports.publish_generateddocument", raise_exception=True)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(GeneratedDocument.objects.only(*LISTED), pk=pk)
    set_published(document, request.POST.get("published") == "1", acting_user=request.user, channel="web")
    return redirect("reports:generate")

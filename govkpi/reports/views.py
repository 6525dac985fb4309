"""The public list of published documents and the officer page that generates and publishes them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .actions import generate_document, set_published
from .forms import GenerateForm
from .generate import CONTENT_TYPES
from .models import GeneratedDocument

DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
LISTED = ["id", "kind", "fiscal_year", "period", "lang", "digits", "format", "title", "size", "published", "created_at"]


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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
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
        )
        messages.success(request, _("Generated: %(title)s") % {"title": document.title})
        return redirect("reports:generate")
    documents = GeneratedDocument.objects.only(*LISTED)[:50]
    return render(request, "reports/generate.html", {"form": form, "documents": documents})


@require_POST
@login_required
@permission_required("reports.publish_generateddocument", raise_exception=True)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(GeneratedDocument.objects.only(*LISTED), pk=pk)
    set_published(document, request.POST.get("published") == "1", acting_user=request.user, channel="web")
    return redirect("reports:generate")

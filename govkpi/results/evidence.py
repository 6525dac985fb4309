"""Evidence files of results: the project's one upload policy (govkpi.ops.uploads) — judged by content, never by
name; stored under a name with the extension of the content; served as attachments, and only images and PDFs also
as a sandboxed preview for the approvers.

The size limit is ``GOVKPI_MAX_UPLOAD_MB`` (default 20). Files are stored through Django storage outside the web
root and only ever served, by ``govkpi.ops.uploads.attachment`` or :func:`preview`, to users who may see the result.

*Pending evidence*: a file a reporter attached to an entry page that came back with errors is not lost. It is vetted
at once, kept in the evidence storage under ``pending/<user id>/<org>/<period>/<indicator id>/…`` and remembered in
the reporter's (server-side) session, shown as "attached", and added to the result when the page is saved.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest

from govkpi.ops.uploads import max_bytes, served_as, vet_upload

from .models import evidence_storage

__all__ = ["check_upload", "max_bytes", "Pending", "keep_pending", "pending_of", "open_pending", "drop_pending",
           "preview", "PREVIEWED"]

SESSION_KEY = "results.pending_evidence"
IMAGES = ("image/png", "image/jpeg", "image/webp")
PREVIEWED = (*IMAGES, "application/pdf")


def check_upload(upload: UploadedFile) -> str:
    """The sniffed content type of an acceptable upload, or a ValidationError on ``file``. The upload is renamed
    to carry the extension of its content (report.html that is a PDF becomes report.pdf)."""
    return vet_upload(upload, field="file").content_type


# --- pending evidence ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    indicator_id: int
    path: str
    name: str
    size: int


def _slot(org_code: str, period: str, indicator_id: int) -> str:
    return f"{org_code}|{period}|{indicator_id}"


def _folder(request: HttpRequest) -> str:
    return f"pending/{request.user.pk}/"


def keep_pending(request: HttpRequest, org_code: str, period: str, indicator_id: int, upload: UploadedFile) -> Pending:
    """Vet an upload (a ValidationError on ``file`` when the policy refuses it) and keep it as this person's pending
    evidence of (organisation, period, indicator), replacing what was pending there."""
    check_upload(upload)
    drop_pending(request, org_code, period, indicator_id)
    storage = evidence_storage()
    path = storage.save(f"{_folder(request)}{org_code}/{period}/{indicator_id}/{uuid.uuid4().hex}", upload)
    item = Pending(indicator_id, path, upload.name or "evidence", upload.size or 0)
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept[_slot(org_code, period, indicator_id)] = {"path": item.path, "name": item.name, "size": item.size}
    request.session[SESSION_KEY] = kept
    return item


def pending_of(request: HttpRequest, org_code: str, period: str) -> dict[int, Pending]:
    """This person's pending evidence of an organisation and period, by indicator id (only files under their own
    folder: a session never points at someone else's)."""
    found: dict[int, Pending] = {}
    prefix = f"{org_code}|{period}|"
    for slot, data in request.session.get(SESSION_KEY, {}).items():
        if not slot.startswith(prefix) or not str(data.get("path", "")).startswith(_folder(request)):
            continue
        indicator_id = int(slot[len(prefix):])
        found[indicator_id] = Pending(indicator_id, data["path"], data["name"], int(data.get("size", 0)))
    return found


def open_pending(item: Pending) -> File:
    """The pending file as an upload (its shown name), for ``actions.add_evidence`` — which vets it again."""
    return File(evidence_storage().open(item.path, "rb"), name=item.name)


def drop_pending(request: HttpRequest, org_code: str, period: str, indicator_id: int) -> None:
    kept = dict(request.session.get(SESSION_KEY, {}))
    data = kept.pop(_slot(org_code, period, indicator_id), None)
    if data is None:
        return
    request.session[SESSION_KEY] = kept
    path = str(data.get("path", ""))
    if path.startswith(_folder(request)):
        evidence_storage().delete(path)


# --- preview -----------------------------------------------------------------------------------------------------


def preview(stored: FieldFile, name: str) -> FileResponse:
    """An image or a PDF shown inline (an <img>, a sandboxed <iframe> of the approvals page), sniffed again from the
    stored bytes; anything else is not previewed (404: it is only downloaded, as an attachment)."""
    handle: Any = stored.open("rb")
    content_type, filename = served_as(handle, name)
    if content_type not in PREVIEWED:
        handle.close()
        raise Http404
    response = FileResponse(handle, as_attachment=False, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; frame-ancestors 'self'"
    response["Cache-Control"] = "private, no-store"
    return response

"""Evidence files of results: the project's one upload policy (govkpi.ops.uploads) — judged by content, never by
name; stored under a name with the extension of the content; served only as attachments.

The size limit is ``GOVKPI_MAX_UPLOAD_MB`` (default 20). Files are stored through Django storage outside the web
root and only ever served, by ``govkpi.ops.uploads.attachment``, to users who may see the result.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from govkpi.ops.uploads import max_bytes, vet_upload

__all__ = ["check_upload", "max_bytes"]


def check_upload(upload: UploadedFile) -> str:
    """The sniffed content type of an acceptable upload, or a ValidationError on ``file``. The upload is renamed
    to carry the extension of its content (report.html that is a PDF becomes report.pdf)."""
    return vet_upload(upload, field="file").content_type

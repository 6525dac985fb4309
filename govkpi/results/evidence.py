"""Evidence files: what may be uploaded (PDF, images, office documents — judged by content, not by name) and how big.

The size limit is ``GOVKPI_MAX_UPLOAD_MB`` (default 20). Files are stored through Django storage outside the web
root and only ever served as attachments, to users who may see the result.
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

OFFICE_ZIP = {
    ".docx": ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".odt": ("content.xml", "application/vnd.oasis.opendocument.text"),
    ".ods": ("content.xml", "application/vnd.oasis.opendocument.spreadsheet"),
    ".odp": ("content.xml", "application/vnd.oasis.opendocument.presentation"),
}
OLE = {".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".ppt": "application/vnd.ms-powerpoint"}


def max_bytes() -> int:
    return int(getattr(settings, "GOVKPI_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def sniff(head: bytes, name: str, upload: UploadedFile | None = None) -> str | None:
    """The content type judged from the first bytes (and, for zip and OLE containers, the name); None = refused."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    suffix = _suffix(name)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") and suffix in OLE:
        return OLE[suffix]
    if head.startswith(b"PK\x03\x04") and suffix in OFFICE_ZIP and upload is not None:
        marker, content_type = OFFICE_ZIP[suffix]
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            upload.seek(0)
        if any(item.startswith(marker) for item in names):
            return content_type
    return None


def check_upload(upload: UploadedFile) -> str:
    """The sniffed content type of an acceptable upload, or a ValidationError on ``file``."""
    if upload.size is not None and upload.size > max_bytes():
        raise ValidationError(
            {"file": [_("The file is larger than %(mb)s MB.") % {"mb": getattr(settings, "GOVKPI_MAX_UPLOAD_MB", 20)}]}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head, upload.name or "", upload)
    if content_type is None:
        raise ValidationError(
            {"file": [_("Only PDF, images (PNG, JPEG, GIF, WebP) and office documents are accepted.")]}
        )
    return content_type

"""The one policy for uploaded files: result evidence, readiness-checklist evidence, award certificates, and any file
field added later (``FILE_FIELDS`` lists them; a test fails on a FileField that is not listed).

Accepted, judged by content (sniffed with the ``filetype`` library, never by the name or the browser's type):

=============================  ======================================================================  ===========
type                           how it is told                                                          stored as
=============================  ======================================================================  ===========
PDF                            ``%PDF-`` at the start                                                  ``.pdf``
PNG, JPEG, WebP images         their signatures (an animated PNG counts as PNG)                        ``.png`` …
Word, Excel, PowerPoint        a zip from its first byte with ``[Content_Types].xml`` and the main     ``.docx``,
(Office Open XML)              part ``word/document.xml``, ``xl/workbook.xml`` or                      ``.xlsx``,
                               ``ppt/presentation.xml``                                                ``.pptx``
OpenDocument text, sheet,      a zip whose ``mimetype`` member names one of the three                  ``.odt`` …
presentation
plain text                     UTF-8 throughout, no NUL or other control characters (tab, line and     ``.txt``
                               page breaks allowed), not starting with markup (``<html``, ``<svg``,
                               ``<?xml`` …, any ``<`` + letter, ``!``, ``?`` or ``/``) or ``#!``
=============================  ======================================================================  ===========

Refused: everything else — in particular web pages, SVG, XML, scripts and programs (as plain text they are refused
by the markup and ``#!`` rules; programs by their signature or their NUL bytes), GIF, legacy Office files (.doc,
.xls, .ppt: OLE2 containers that carry macros and cannot be told apart without a parser; save as .docx/.xlsx/.pptx
or PDF), Office files with macros or ActiveX controls (``vbaProject.bin``, ``activeX/``, a ``macroEnabled``
content type; OpenDocument ``Basic/`` or ``Scripts/`` modules), password-protected Office files (OLE2 too), empty
files, files over ``GOVKPI_MAX_UPLOAD_MB``.

Polyglots: whatever its type, a file is refused when its first ``SCAN_BYTES`` (64 KiB) contain the opening of an
HTML element that runs or loads something (``<html``, ``<script``, ``<svg``, ``<iframe``, ``<img``, ``<body`` …
followed by a space, ``/`` or ``>``, case-insensitive) or ``<!doctype html`` — so "%PDF-" or "GIF89a" followed by
HTML or SVG is refused. Browsers sniff only the first KBs, so that is where a polyglot must put its markup; the
window is wider than any browser's. XMP metadata in photos and PDFs (``<x:xmpmeta``, ``<rdf:RDF``) does not match.

The stored name keeps what the uploader called the file but takes the extension of its content (report.html that is
a PDF is stored as report.pdf). Files are always served by ``attachment()``: sniffed again from the stored bytes
(so files stored under an older policy are safe too), as an attachment under a name with the matching extension,
with the sniffed type (``application/octet-stream`` and ``.bin`` for anything not on the list), ``nosniff`` and a
sandboxing content security policy.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext as _

# Every FileField of the project ("app_label.Model.field"): each is checked with vet_upload() where it is written
# and served with attachment(). tests/security/test_evidence_policy.py fails on a FileField missing here.
FILE_FIELDS = frozenset({
    "results.Evidence.file",
    "assessments.ChecklistEntry.evidence_file",
    "awards.Award.certificate",
    "strategy.ProgressEvidence.file",
})

SCAN_BYTES = 64 * 1024
_CHUNK = 1024 * 1024
_MAX_MANIFEST = 1024 * 1024  # [Content_Types].xml or mimetype larger than this: not an office document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
TEXT = "text/plain"
OCTET = "application/octet-stream"

# The allow-list: content type -> extensions (the first is given to a file that has none of them).
ALLOWED: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/webp": (".webp",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    ODT: (".odt",),
    ODS: (".ods",),
    ODP: (".odp",),
    TEXT: (".txt",),
}
_IMAGES = {"image/png": "image/png", "image/apng": "image/png", "image/jpeg": "image/jpeg", "image/webp": "image/webp"}
_ZIPS = {"application/zip", DOCX, XLSX, PPTX, ODT, ODS, ODP}
_OOXML_MAIN = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX), ("ppt/presentation.xml", PPTX))
_LEGACY_OFFICE = {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PROGRAMS = {
    "application/x-msdownload",
    "application/x-executable",
    "application/x-shockwave-flash",
    "application/wasm",
    "application/x-google-chrome-extension",
    "application/postscript",
}
_ODF_INDEX = ("script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml")

_ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:html|head|body|script|svg|iframe|frame|frameset|object|embed|applet|img|image|video|audio|meta|link"
    rb"|style|base|form|math|template|isindex)[\s/>]|<!doctype\s+html",
    re.IGNORECASE,
)
_MARKUP_START = re.compile(r"<[A-Za-z!?/]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

EMPTY, ACTIVE, LEGACY, UNKNOWN = "empty", "active", "legacy", "unknown"


@dataclass(frozen=True)
class Sniffed:
    """The verdict on some bytes: an allowed content type, or None with the reason (EMPTY, ACTIVE, LEGACY…)."""

    content_type: str | None
    problem: str = ""


@dataclass(frozen=True)
class Vetted:
    """An accepted upload: its content type and the name it is stored and served under."""

    content_type: str
    name: str


def max_bytes() -> int:
    return int(getattr(settings, "GOVKPI_MAX_UPLOAD_MB", 20)) * 1024 * 1024


# --- sniffing ------------------------------------------------------------------------------------------------------


def sniff(stream: IO[bytes]) -> Sniffed:
    """The verdict on a seekable binary stream (read from the start; left at the start)."""
    try:
        stream.seek(0)
        head = stream.read(SCAN_BYTES)
        verdict = _judge(stream, head)
    finally:
        stream.seek(0)
    if _ACTIVE_MARKUP.search(head):
        return Sniffed(None, ACTIVE)  # a web page, or a polyglot: another type that also reads as one
    return verdict


def _judge(stream: IO[bytes], head: bytes) -> Sniffed:
    if not head:
        return Sniffed(None, EMPTY)
    kind = filetype.guess(head)
    if kind is None:
        return Sniffed(None, UNKNOWN) if head.startswith(_OLE2) else _text(stream)
    mime = kind.mime
    if mime == "application/pdf":
        return Sniffed(mime)
    if mime in _IMAGES:
        return Sniffed(_IMAGES[mime])
    if mime in _ZIPS and head.startswith(b"PK\x03\x04"):
        return _office(stream)
    if mime in _LEGACY_OFFICE:
        return Sniffed(None, LEGACY)
    if mime in _PROGRAMS:
        return Sniffed(None, ACTIVE)
    return Sniffed(None, UNKNOWN)


def _office(stream: IO[bytes]) -> Sniffed:
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            if "[Content_Types].xml" in infos:
                return _ooxml(archive, infos)
            if "mimetype" in infos:
                return _odf(archive, infos)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, RuntimeError,
            NotImplementedError):
        pass
    return Sniffed(None, UNKNOWN)


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    if info.file_size > _MAX_MANIFEST:
        return None
    return archive.read(info)


def _ooxml(archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]) -> Sniffed:
    main = next((kind for part, kind in _OOXML_MAIN if part in infos), None)
    types = _member(archive, infos["[Content_Types].xml"])
    if main is None or types is None:
        return Sniffed(None, UNKNOWN)
    lowered = [name.lower() for name in infos]
    if (
        b"macroenabled" in types.lower()
        or any(name.endswith("vbaproject.bin") or "activex/" in name for name in lowered)
    ):
        return Sniffed(None, ACTIVE)
    return Sniffed(main)


def _odf(archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]) -> Sniffed:
    declared = _member(archive, infos["mimetype"])
    kind = declared.strip().decode("ascii", "replace") if declared is not None else ""
    if kind not in (ODT, ODS, ODP):
        return Sniffed(None, UNKNOWN)
    for name in infos:
        if name.startswith(("Basic/", "Scripts/")) and not name.endswith("/") and not name.endswith(_ODF_INDEX):
            return Sniffed(None, ACTIVE)  # macros
    return Sniffed(kind)


def _text(stream: IO[bytes]) -> Sniffed:
    """Plain UTF-8 text, all of it; markup or ``#!`` at the start is active content, not text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    stream.seek(0)
    start = ""
    try:
        while chunk := stream.read(_CHUNK):
            text = decoder.decode(chunk)
            if _CONTROL.search(text):
                return Sniffed(None, UNKNOWN)
            if len(start) < 64:
                start += text[:64]
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return Sniffed(None, UNKNOWN)
    start = start.lstrip("\ufeff \t\r\n\f")
    if _MARKUP_START.match(start) or start.startswith("#!"):
        return Sniffed(None, ACTIVE)
    return Sniffed(TEXT)


# --- names ---------------------------------------------------------------------------------------------------------


def safe_name(name: str, content_type: str | None, fallback: str = "evidence") -> str:
    """The uploader's name without folders or control characters, with the extension of its content type
    (``.bin`` for a type not on the list); at most 255 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    extensions = ALLOWED.get(content_type or "", (".bin",))
    dot = base.rfind(".")
    stem, suffix = (base[:dot], base[dot:].lower()) if dot > 0 else (base, "")
    if suffix not in extensions:
        suffix = extensions[0]
    stem = stem.strip() or fallback
    return stem[: 255 - len(suffix)] + suffix


# --- upload ----------------------------------------------------------------------------------------------------------


def problem_message(problem: str) -> str:
    if problem == EMPTY:
        return _("The file is empty.")
    if problem == ACTIVE:
        return _(
            "The file contains active content (a web page, SVG, XML, a script, a program or macros) and is refused."
        )
    if problem == LEGACY:
        return _("Old Office files (.doc, .xls, .ppt) are not accepted: save the file as .docx, .xlsx, .pptx or PDF.")
    return _(
        "Only PDF, PNG, JPEG and WebP images, Word, Excel and PowerPoint (.docx, .xlsx, .pptx), OpenDocument and "
        "plain text (UTF-8) files are accepted."
    )


def vet_upload(upload: UploadedFile, *, field: str | None = None, fallback: str = "evidence") -> Vetted:
    """Check an upload against the policy: a ValidationError (keyed by ``field`` when given) or its sniffed type and
    stored name. The upload is renamed to that name, so whatever saves it next stores the safe name."""
    limit = int(getattr(settings, "GOVKPI_MAX_UPLOAD_MB", 20))
    if upload.size is not None and upload.size > max_bytes():
        message = _("The file is larger than %(mb)s MB.") % {"mb": limit}
    else:
        verdict = sniff(upload)
        if verdict.content_type is not None:
            vetted = Vetted(verdict.content_type, safe_name(upload.name or "", verdict.content_type, fallback))
            upload.name = vetted.name
            return vetted
        message = problem_message(verdict.problem)
    raise ValidationError({field: [message]} if field else message)


class VettedUploadsForm(forms.ModelForm):
    """A model form (the admin's) whose uploads go through the policy: ``file_names`` maps each file field to the
    field that keeps its shown name, which is set to the stored name."""

    file_names: dict[str, str] = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for field, name_field in self.file_names.items():
            upload = data.get(field)
            if not isinstance(upload, UploadedFile):
                continue
            try:
                vetted = vet_upload(upload)
            except ValidationError as error:
                self.add_error(field, error.messages)
                continue
            setattr(self.instance, name_field, vetted.name)
            if name_field in data:
                data[name_field] = vetted.name
        return data


# --- serving ---------------------------------------------------------------------------------------------------------


def served_as(stream: IO[bytes], name: str, fallback: str = "evidence") -> tuple[str, str]:
    """(Content-Type, file name) for stored bytes: the sniffed type, or application/octet-stream and ``.bin``."""
    content_type = sniff(stream).content_type
    name = safe_name(name, content_type or OCTET, fallback)
    if content_type is None:
        return OCTET, name
    return (f"{TEXT}; charset=utf-8" if content_type == TEXT else content_type), name


def attachment(stored: FieldFile, name: str, fallback: str = "evidence") -> FileResponse:
    """A stored file as a download: never shown inline, whatever it holds or however it was stored."""
    handle = stored.open("rb")
    content_type, filename = served_as(handle, name, fallback)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response

"""Generating a report file in any format: the one function the command, the officer pages and the benchmarks call."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from django.utils.translation import gettext as _

from govkpi.ops.progress import SILENT, Progress

from .document import Document, Writer
from .render import to_docx, to_html, to_markdown

FORMATS = ("pdf", "docx", "html", "md")
KINDS = ("press-release", "annual", "meeting")
YEARLY = ("press-release", "annual")  # the others are made for a period: the meeting pack for a month
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


def build(
    kind: str,
    fiscal_year: int,
    lang: str = "th",
    digits: str = "thai",
    layout: str | None = None,
    number: str = "",
    to: str = "",
    period: str = "",
    progress: Progress = SILENT,
) -> Document:
    """The document from the records, with the names its printed lines must not split. Press release only:
    ``layout`` ``release`` or ``letter`` (the official letter, หนังสือราชการ, with document ``number`` and addressee
    ``to``); default: the setting ``GOVKPI_PRESS_LAYOUT``. Meeting pack: ``period``, a month of ``fiscal_year``
    (``2565-M06``) that has ended; a bad one is a :class:`~.meetingfacts.MeetingError` (a ``ValueError``).
    ``progress`` is told the stage "gathering the facts", counted in the document's blocks."""
    with progress.stage(_("gathering the facts")) as bar:
        doc = _build(kind, fiscal_year, lang, digits, layout, number, to, period)
        bar.advance(len(doc.blocks))
    return doc


def _build(
    kind: str, fiscal_year: int, lang: str, digits: str, layout: str | None, number: str, to: str, period: str
) -> Document:
    from .thaibreak import project_words

    if kind == "press-release":
        from .press import press_release

        doc = press_release(fiscal_year, lang, digits, layout, number, to)
    elif kind == "annual":
        from .annual import annual_report

        doc = annual_report(fiscal_year, lang, digits)
    elif kind == "meeting":
        from .meeting import meeting_pack
        from .meetingfacts import MeetingError, check_month

        month = check_month(period)
        if month.fiscal_year != fiscal_year:
            raise MeetingError(f"{month.code} is not a month of fiscal year {fiscal_year}")
        doc = meeting_pack(month, lang, digits)
    else:
        raise ValueError(f"unknown report {kind!r}: use {' or '.join(KINDS)}")
    doc.words = project_words()
    return doc


def render(
    doc: Document, fmt: str, site_url: str = "", browser: Any | None = None, progress: Progress = SILENT
) -> bytes:
    """The document as file bytes in ``fmt`` (pdf, docx, html or md). ``progress`` is told the stage: rendering
    the document (HTML, Markdown), making the DOCX file, or making the PDF (counted in Chromium's prints)."""
    if fmt == "pdf":
        return _pdf(doc, site_url, browser, progress)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    with progress.stage(_("making the DOCX file") if fmt == "docx" else _("rendering the document"), total=1) as bar:
        if fmt == "html":
            data = to_html(doc, site_url).encode("utf-8")
        elif fmt == "md":
            data = to_markdown(doc, site_url).encode("utf-8")
        else:
            data = to_docx(doc)
        bar.advance()
    return data


def _pdf(doc: Document, site_url: str, browser: Any | None, progress: Progress) -> bytes:
    """Print through Chromium; with a table of contents, print twice: the first print tells each section's page."""
    from .pdf import chromium, heading_pages, html_to_pdf

    entries = [entry for block in doc.blocks if block.kind == "toc" for entry in block.extra.get("entries", [])]
    with progress.stage(_("making the PDF"), total=2 if entries else 1) as bar:
        with nullcontext(browser) if browser is not None else chromium() as opened:
            data = html_to_pdf(to_html(doc, site_url), opened)
            bar.advance()
            if not entries:
                return data
            writer = Writer(doc.lang, doc.digits)
            pages = heading_pages(data, [e["title"] for e in entries], doc.header)
            for entry, page in zip(entries, pages, strict=True):
                entry["page"] = "" if page is None else writer.d(page)
            data = html_to_pdf(to_html(doc, site_url), opened)
            bar.advance()
            return data

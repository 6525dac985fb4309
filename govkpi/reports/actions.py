"""Generating and publishing documents: each write in one transaction with its audit event."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from govkpi.audit.actions import record
from govkpi.ops.progress import SILENT, Progress

from .document import plain
from .generate import build, render
from .models import GeneratedDocument


def generate_document(
    *,
    kind: str,
    fiscal_year: int,
    fmt: str,
    lang: str = "th",
    digits: str = "thai",
    site_url: str = "",
    publish: bool = False,
    acting_user: AbstractBaseUser | None,
    channel: str,
    layout: str | None = None,
    letter_number: str = "",
    letter_to: str = "",
    period: str = "",
    progress: Progress = SILENT,
) -> GeneratedDocument:
    """Generate a document from the records and keep it (rendering happens before the transaction opens). A meeting
    pack is made for a ``period`` (a month, ``2565-M06``), kept in its normal form. ``progress`` is told the stages:
    gathering the facts, rendering (or making the PDF or DOCX file), then saving or publishing the document."""
    if kind == "meeting":
        from .meetingfacts import check_month

        period = check_month(period).code
    else:
        period = ""
    doc = build(kind, fiscal_year, lang, digits, layout, letter_number, letter_to, period, progress=progress)
    data = render(doc, fmt, site_url, progress=progress)
    with progress.stage(_("publishing the document") if publish else _("saving the document"), total=1) as bar:
        with transaction.atomic():
            if publish:
                _withdraw_older(kind, fiscal_year, lang, fmt, period)
            saved = GeneratedDocument.objects.create(
                kind=kind,
                fiscal_year=fiscal_year,
                period=period,
                lang=lang,
                digits=digits,
                format=fmt,
                title=plain(doc.blocks[0].parts) if doc.blocks else doc.title,
                content=data,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                published=publish,
                created_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
            )
            record(
                acting_user=acting_user,
                channel=channel,
                action="report.generate",
                object_type="report",
                object_key=str(saved.pk),
                changes={
                    "kind": kind,
                    "fiscal_year": fiscal_year,
                    **({"period": period} if period else {}),
                    "format": fmt,
                    "lang": lang,
                    "sha256": saved.sha256,
                    "published": publish,
                },
            )
        bar.advance()
    return saved


def _withdraw_older(kind: str, fiscal_year: int, lang: str, fmt: str, period: str = "") -> int:
    """A newly published version supersedes the one the public saw: one document per report, year (month, for a
    meeting pack), language and format is public at a time."""
    return GeneratedDocument.objects.filter(
        kind=kind, fiscal_year=fiscal_year, period=period, lang=lang, format=fmt, published=True
    ).update(published=False)


@transaction.atomic
def set_published(
    document: GeneratedDocument, published: bool, *, acting_user: AbstractBaseUser | None, channel: str
) -> GeneratedDocument:
    before = document.published
    if before == published:
        return document
    if published:
        _withdraw_older(document.kind, document.fiscal_year, document.lang, document.format, document.period)
    document.published = published
    document.save(update_fields=["published"])
    record(
        acting_user=acting_user,
        channel=channel,
        action="report.publish" if published else "report.unpublish",
        object_type="report",
        object_key=str(document.pk),
        changes={"published": [before, published]},
    )
    return document

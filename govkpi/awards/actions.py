"""Every write of the awards registry: atomic and audited. Totals are never stored: they are counted on read."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from govkpi.assessments.models import Assessment
from govkpi.audit.actions import record
from govkpi.ops.uploads import vet_upload
from govkpi.orgs.models import OrgUnit

from .models import Award

FIELDS = ("fiscal_year", "category", "title_th", "title_en", "issuer", "recipient", "level", "date", "quantity", "note")


def _plain(value: Any) -> Any:
    if isinstance(value, OrgUnit):
        return value.code
    if isinstance(value, date):
        return value.isoformat()
    return value


@transaction.atomic
def save_award(
    award: Award | None,
    *,
    fiscal_year: int,
    category: str,
    title_th: str,
    issuer: str,
    recipient: OrgUnit,
    title_en: str = "",
    level: str = "",
    date: date | None = None,
    quantity: int = 1,
    note: str = "",
    certificate: UploadedFile | None = None,
    link_assessment: bool = False,
    acting_user: AbstractBaseUser | None,
    channel: str,
) -> Award:
    """Create (``award`` None) or change an award; attach a certificate; link the assessment that earned it."""
    values = {
        "fiscal_year": fiscal_year,
        "category": category,
        "title_th": title_th,
        "title_en": title_en,
        "issuer": issuer,
        "recipient": recipient,
        "level": level,
        "date": date,
        "quantity": quantity,
        "note": note,
    }
    clash = Award.objects.filter(fiscal_year=fiscal_year, category=category, recipient=recipient, title_th=title_th)
    if clash.exclude(pk=award.pk if award else None).exists():
        raise ValidationError(_("This recipient already has an award with this title, category and year."))
    assessment = None
    if link_assessment:
        assessment = Assessment.objects.filter(framework=category, fiscal_year=fiscal_year, org=recipient).first()
        if assessment is None:
            raise ValidationError(
                _("There is no %(framework)s %(year)s result of %(org)s to link.")
                % {"framework": category, "year": fiscal_year, "org": recipient.code}
            )
    if certificate is not None:
        vet_upload(certificate, field="certificate", fallback="certificate")  # renamed to match its content
    created = award is None
    target = Award() if award is None else Award.objects.select_for_update().get(pk=award.pk)
    before = {} if created else {key: _plain(getattr(target, key)) for key in FIELDS}
    for key, value in values.items():
        setattr(target, key, value)
    if link_assessment or created:
        target.assessment = assessment
    if certificate is not None:
        target.certificate.save(certificate.name or "certificate", certificate, save=False)
        target.certificate_name = (certificate.name or "")[:255]
    target.full_clean(exclude=["certificate", "assessment"])
    target.save()
    changes = {
        key: [before.get(key), _plain(value)] for key, value in values.items() if before.get(key) != _plain(value)
    }
    if certificate is not None:
        changes["certificate"] = [None, target.certificate_name]
    record(
        acting_user=acting_user,
        channel=channel,
        action=f"awards.award.{'add' if created else 'change'}",
        object_type="awards.award",
        object_key=str(target),
        changes=changes,
    )
    return target

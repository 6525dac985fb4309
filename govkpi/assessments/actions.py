"""Every write of the assessments app: one function each, atomic, audited (govkpi.audit.actions.record)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govkpi.audit.actions import record
from govkpi.core.frameworks import FrameworkError
from govkpi.ops.uploads import vet_upload
from govkpi.orgs.models import OrgUnit

from .errors import error_message
from .models import Assessment, ChecklistEntry
from .services import get_framework


def _item_codes(framework: str, fiscal_year: int) -> set[str]:
    return {item.code for item in get_framework(framework, fiscal_year).checklist}


@transaction.atomic
def save_checklist_entry(
    *,
    framework: str,
    fiscal_year: int,
    org: OrgUnit,
    item: str,
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
    self_checked: bool,
    note: str = "",
    acting_user: AbstractBaseUser | None,
    channel: str,
) -> ChecklistEntry:
    """The organisation's evidence and self-check for one item. New evidence or an unchecked item withdraws a
    reviewer's confirmation: it must be confirmed again."""
    if item not in _item_codes(framework, fiscal_year):
        raise ValidationError(
            _("%(item)s is not a checklist item of %(framework)s %(year)s.")
            % {"item": item, "framework": framework, "year": fiscal_year}
        )
    if (
        self_checked
        and not evidence_url
        and evidence_file is None
        and not ChecklistEntry.objects.filter(framework=framework, fiscal_year=fiscal_year, org=org, item=item)
        .exclude(evidence_file="")
        .exists()
    ):
        raise ValidationError(_("Give a link or a file as evidence before checking the item."))
    if evidence_file is not None:
        vet_upload(evidence_file, fallback=item)  # by content; the upload takes the extension of its content
    entry, created = ChecklistEntry.objects.select_for_update().get_or_create(
        framework=framework, fiscal_year=fiscal_year, org=org, item=item
    )
    before = {
        "evidence_url": entry.evidence_url,
        "evidence_name": entry.evidence_name,
        "self_checked": entry.self_checked,
        "confirmed": entry.confirmed,
        "note": entry.note,
    }
    changed_evidence = evidence_url != entry.evidence_url or evidence_file is not None
    entry.evidence_url = evidence_url
    if evidence_file is not None:
        entry.evidence_file.save(evidence_file.name or "evidence", evidence_file, save=False)
        entry.evidence_name = (evidence_file.name or "")[:255]
    entry.self_checked = self_checked
    entry.note = note
    if entry.confirmed and (changed_evidence or not self_checked):
        entry.confirmed, entry.confirmed_by, entry.confirmed_at = False, None, None
    entry.save()
    after = {
        "evidence_url": entry.evidence_url,
        "evidence_name": entry.evidence_name,
        "self_checked": entry.self_checked,
        "confirmed": entry.confirmed,
        "note": entry.note,
    }
    record(
        acting_user=acting_user,
        channel=channel,
        action="assessments.checklist.save",
        object_type="assessments.checklistentry",
        object_key=str(entry),
        changes={k: [before[k] if not created else None, v] for k, v in after.items() if before[k] != v or created},
    )
    return entry


@transaction.atomic
def confirm_checklist_entry(
    entry: ChecklistEntry, *, confirmed: bool, acting_user: AbstractBaseUser | None, channel: str
) -> ChecklistEntry:
    """A reviewer confirms (or withdraws) an item the organisation has checked, with its evidence."""
    entry = ChecklistEntry.objects.select_for_update().get(pk=entry.pk)
    if confirmed and not entry.self_checked:
        raise ValidationError(_("The organisation has not checked this item yet."))
    was = entry.confirmed
    entry.confirmed = confirmed
    entry.confirmed_by = acting_user if confirmed and acting_user is not None and acting_user.is_authenticated else None
    entry.confirmed_at = timezone.now() if confirmed else None
    entry.save()
    record(
        acting_user=acting_user,
        channel=channel,
        action="assessments.checklist.confirm",
        object_type="assessments.checklistentry",
        object_key=str(entry),
        changes={"confirmed": [was, confirmed]},
    )
    return entry


def check_assessment(
    framework: str, fiscal_year: int, org: OrgUnit, *, score: float | None, level: str, components: Any, rank_group: str
) -> None:
    """The workbook's rules for one result, as a ValidationError keyed by field (admin and API)."""
    try:
        config = get_framework(framework, fiscal_year)
    except FrameworkError as error:
        raise ValidationError({"framework": error_message(error)}) from error
    errors: dict[str, str] = {}
    if components:
        if not isinstance(components, dict):
            errors["components"] = _('Give the components as a JSON object such as {"IIT": 29.85}.')
        else:
            try:
                config.check_components(components)
            except FrameworkError as error:
                errors["components"] = error_message(error)
    if score is not None and not config.scale_low <= score <= config.scale_high:
        errors["score"] = _("The score must be between %(low)s and %(high)s.") % {
            "low": f"{config.scale_low:g}",
            "high": f"{config.scale_high:g}",
        }
    if level:
        try:
            config.canonical_level(level)
        except FrameworkError as error:
            errors["level"] = error_message(error)
    if rank_group and org.pk and not org.groups.filter(code=rank_group).exists():
        errors["rank_group"] = _("The organisation is not in the peer group %(group)s.") % {"group": rank_group}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_assessment(
    *,
    framework: str,
    fiscal_year: int,
    org: OrgUnit,
    score: float | None = None,
    level: str = "",
    components: dict[str, float] | None = None,
    rank: int | None = None,
    rank_group: str = "",
    note: str = "",
    acting_user: AbstractBaseUser | None,
    channel: str,
) -> Assessment:
    """Record (or replace) one organisation's result as published; total, level and pass are computed on read."""
    check_assessment(
        framework, fiscal_year, org, score=score, level=level, components=components, rank_group=rank_group
    )
    values = {
        "score": score,
        "level": level,
        "components": components,
        "rank": rank,
        "rank_group": rank_group,
        "note": note,
    }
    found = Assessment.objects.select_for_update().filter(framework=framework, fiscal_year=fiscal_year, org=org).first()
    before = {key: getattr(found, key) for key in values} if found else {}
    assessment, _created = Assessment.objects.update_or_create(
        framework=framework, fiscal_year=fiscal_year, org=org, defaults=values
    )
    record(
        acting_user=acting_user,
        channel=channel,
        action="assessments.assessment.record",
        object_type="assessments.assessment",
        object_key=str(assessment),
        changes={key: [before.get(key), value] for key, value in values.items() if before.get(key) != value},
    )
    return assessment

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from govkpi.audit.mixins import AuditedModelAdmin
from govkpi.core.frameworks import FrameworkError
from govkpi.ops.uploads import VettedUploadsForm

from .actions import check_assessment
from .errors import flag_message
from .models import Assessment, ChecklistEntry
from .services import framework_rows, get_framework


class AssessmentForm(forms.ModelForm):
    """The workbook's rules for a result (framework and year configured, components in range, known level, rank
    group of the organisation); a published score or level that disagrees is kept and flagged on the page."""

    class Meta:
        model = Assessment
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            check_assessment(
                data["framework"],
                data["fiscal_year"],
                data["org"],
                score=data.get("score"),
                level=data.get("level") or "",
                components=data.get("components"),
                rank_group=data.get("rank_group") or "",
            )
        except ValidationError as error:
            raise ValidationError(error.message_dict) from error
        return data


@admin.register(Assessment)
class AssessmentAdmin(AuditedModelAdmin):
    form = AssessmentForm
    list_display = ["framework", "fiscal_year", "org", "score", "level", "rank", "rank_group"]
    list_filter = ["framework", "fiscal_year", "level"]
    search_fields = ["org__code", "org__name_th"]
    autocomplete_fields = ["org"]
    list_select_related = ["org"]
    readonly_fields = ["computed"]

    @admin.display(description=_("computed from the configuration"))
    def computed(self, obj: Assessment) -> str:
        if not obj.pk:
            return "–"
        try:
            rows = framework_rows(get_framework(obj.framework, obj.fiscal_year))
        except FrameworkError:  # a framework year without configuration
            return "–"
        row = next((row for row in rows if row.org == obj.org.code), None)
        if row is None:
            return "–"
        score = "–" if row.outcome.score is None else f"{row.outcome.score:.2f}"
        flags = "; ".join(flag_message(flag) for flag in row.flags)
        ranks = ", ".join(f"{group} {rank}" for group, rank in row.ranks.items())
        return " · ".join(part for part in (score, row.outcome.level or "", ranks, flags) if part)


class ChecklistEntryForm(VettedUploadsForm):
    file_names = {"evidence_file": "evidence_name"}  # the one upload policy, also in the admin


@admin.register(ChecklistEntry)
class ChecklistEntryAdmin(AuditedModelAdmin):
    form = ChecklistEntryForm
    list_display = ["framework", "fiscal_year", "org", "item", "self_checked", "confirmed"]
    list_filter = ["framework", "fiscal_year", "self_checked", "confirmed"]
    search_fields = ["org__code", "org__name_th", "item"]
    autocomplete_fields = ["org"]
    list_select_related = ["org"]
    readonly_fields = ["confirmed_by", "confirmed_at"]

from django.contrib import admin

from govkpi.audit.mixins import AuditedModelAdmin

from .models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(AuditedModelAdmin):
    list_display = ["framework", "fiscal_year", "org", "score", "level", "rank", "rank_group"]
    list_filter = ["framework", "fiscal_year", "level"]
    search_fields = ["org__code", "org__name_th"]
    autocomplete_fields = ["org"]
    list_select_related = ["org"]

from django.contrib import admin

from govkpi.audit.mixins import AuditedModelAdmin

from .models import Result


@admin.register(Result)
class ResultAdmin(AuditedModelAdmin):
    list_display = ["indicator", "org", "period", "value", "numerator", "denominator", "status", "updated_at"]
    list_filter = ["fiscal_year", "status", "indicator__goal"]
    search_fields = ["indicator__code", "org__code", "org__name_th", "period"]
    autocomplete_fields = ["indicator", "org"]
    list_select_related = ["indicator", "org"]
    readonly_fields = ["fiscal_year", "created_at", "updated_at"]

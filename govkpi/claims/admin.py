from django.contrib import admin

from govkpi.audit.mixins import AuditedModelAdmin

from .models import Claim


@admin.register(Claim)
class ClaimAdmin(AuditedModelAdmin):
    list_display = ["fiscal_year", "metric", "value", "source"]
    list_filter = ["fiscal_year"]
    search_fields = ["metric", "source"]

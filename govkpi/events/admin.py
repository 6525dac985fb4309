from django.contrib import admin

from govkpi.audit.mixins import AuditedModelAdmin

from .models import Event


@admin.register(Event)
class EventAdmin(AuditedModelAdmin):
    list_display = ["fiscal_year", "date", "time", "title_th", "place", "presiding"]
    list_filter = ["fiscal_year"]
    search_fields = ["title_th", "title_en", "place", "presiding"]

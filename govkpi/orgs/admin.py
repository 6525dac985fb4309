from django.contrib import admin

from govkpi.audit.mixins import AuditedModelAdmin

from .models import OrgUnit, PeerGroup


@admin.register(PeerGroup)
class PeerGroupAdmin(AuditedModelAdmin):
    list_display = ["code", "name_th", "name_en"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedModelAdmin):
    list_display = ["code", "name_th", "name_en", "kind", "parent"]
    list_filter = ["kind", "groups"]
    search_fields = ["code", "name_th", "name_en"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["groups"]
    list_select_related = ["parent"]

    def save_model(self, request, obj, form, change):
        from .actions import rebuild_paths

        super().save_model(request, obj, form, change)
        rebuild_paths()

from django.contrib import admin

from govkpi.audit.mixins import AuditedModelAdmin

from .models import ApiToken, Membership


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "org", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "org__code", "org__name_th"]
    autocomplete_fields = ["org"]
    list_select_related = ["user", "org"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    list_display = ["prefix", "user", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    list_select_related = ["user"]

    def has_add_permission(self, request):  # tokens are made by `govkpi token create`, which shows them once
        return False

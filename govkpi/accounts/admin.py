from django.contrib import admin

from govkpi.audit.mixins import AuditedModelAdmin

from .forms import ThrottledAdminLoginForm
from .models import ApiToken, Membership

# /admin/login/ counts failures and locks out exactly like /accounts/login/ (same counters, rules and audit).
admin.site.login_form = ThrottledAdminLoginForm


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "org", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "org__code", "org__name_th"]
    autocomplete_fields = ["org"]
    list_select_related = ["user", "org"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    list_display = ["prefix", "user", "scopes", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["prefix", "scopes", "created_at", "last_used_at"]  # scopes: made with the token, never widened
    list_select_related = ["user"]

    def has_add_permission(self, request):  # tokens are made by `govkpi token create`, which shows them once
        return False

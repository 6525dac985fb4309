from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by actions, never by hand."""

    list_display = ["at", "actor_label", "channel", "action", "object_type", "object_key"]
    list_filter = ["channel", "action"]
    search_fields = ["actor_label", "action", "object_key", "reason"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

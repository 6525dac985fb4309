from django.contrib import admin

from .mixins import ReadOnlyAdminMixin
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the audit log is written by actions, never by hand."""

    list_display = ["at", "actor_label", "channel", "action", "object_type", "object_key"]
    list_filter = ["channel", "action"]
    search_fields = ["actor_label", "action", "object_key", "reason"]
    date_hierarchy = "at"

from django.contrib import admin

from govkpi.audit.mixins import AuditedModelAdmin, ReadOnlyAdminMixin

from .models import Contact, OutboxMessage


@admin.register(Contact)
class ContactAdmin(AuditedModelAdmin):
    list_display = ["org", "channel", "address", "role"]
    list_filter = ["channel", "role"]
    search_fields = ["org__code", "org__name_th", "address"]
    autocomplete_fields = ["org"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: messages are written by the workflow and the reminders, retried from the outbox page."""

    list_display = ["created_at", "channel", "address", "status", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["status", "channel"]
    search_fields = ["address", "text"]

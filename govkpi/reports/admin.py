from django.contrib import admin

from .models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are generated and published from the officer pages (through the audited actions)."""

    list_display = ["title", "kind", "fiscal_year", "period", "format", "lang", "published", "created_at", "created_by"]
    list_filter = ["kind", "fiscal_year", "format", "published"]
    exclude = ["content"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

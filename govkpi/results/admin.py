from django.contrib import admin

from govkpi.audit.mixins import AuditedModelAdmin, ReadOnlyAdminMixin

from .models import FollowUp, PeriodUnlock, ReportingCalendar, Result, ResultEvent


@admin.register(Result)
class ResultAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    """Read-only: results change only through the workflow (results pages, API, workbook), which keeps their
    history and refreshes stored scores; the admin is for looking things up."""

    list_display = ["indicator", "org", "period", "value", "numerator", "denominator", "status", "updated_at"]
    list_filter = ["fiscal_year", "status", "indicator__goal"]
    search_fields = ["indicator__code", "org__code", "org__name_th", "period"]
    autocomplete_fields = ["indicator", "org"]
    list_select_related = ["indicator", "org"]
    readonly_fields = ["fiscal_year", "created_at", "updated_at"]


@admin.register(ReportingCalendar)
class ReportingCalendarAdmin(AuditedModelAdmin):
    list_display = ["fiscal_year", "grace_days", "jump_factor"]


@admin.register(ResultEvent)
class ResultEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: history is written by the workflow actions."""

    list_display = ["at", "result", "step", "from_status", "to_status", "actor_label", "channel"]
    list_filter = ["step", "channel"]
    list_select_related = ["result"]


@admin.register(PeriodUnlock)
class PeriodUnlockAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: unlocks are made on the reporting calendar page (an audited action, docs/locks.md)."""

    list_display = ["org", "period", "indicator", "until", "by_label", "at"]
    list_filter = ["fiscal_year"]
    list_select_related = ["org", "indicator"]



@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: flags are set and cleared on the approvals, history and data quality pages (an audited action)."""

    list_display = ["result", "reason", "set_by_label", "set_at", "cleared_by_label", "cleared_at"]
    list_filter = ["cleared_at"]
    list_select_related = ["result"]

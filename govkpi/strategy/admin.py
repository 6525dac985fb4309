from django.contrib import admin

from govkpi.audit.mixins import AuditedModelAdmin

from .models import (
    Commentary,
    CorrectiveAction,
    DisbursementTarget,
    Plan,
    PlanItem,
    Project,
    ProjectProgress,
    Target,
)


@admin.register(Plan)
class PlanAdmin(AuditedModelAdmin):
    list_display = ["code", "title_th", "level", "start_year", "end_year", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "title_th", "title_en"]
    autocomplete_fields = ["parent"]


@admin.register(PlanItem)
class PlanItemAdmin(AuditedModelAdmin):
    list_display = ["plan", "code", "title_th", "parent"]
    list_filter = ["plan"]
    search_fields = ["code", "title_th", "title_en", "plan__code"]
    autocomplete_fields = ["plan", "parent", "aligns", "goals"]
    list_select_related = ["plan", "parent__plan"]


@admin.register(Target)
class TargetAdmin(AuditedModelAdmin):
    list_display = ["indicator", "org", "fiscal_year", "target", "plan"]
    list_filter = ["fiscal_year", "plan"]
    search_fields = ["indicator__code", "indicator__name_th", "org__code"]
    autocomplete_fields = ["indicator", "org", "plan"]
    list_select_related = ["indicator", "org", "plan"]


class ProgressInline(admin.TabularInline):
    model = ProjectProgress
    extra = 0
    fields = ["period", "disbursed", "committed", "progress", "status", "problems", "suggestions"]


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ["code", "title_th", "fiscal_year", "org", "goal", "kind", "allocated"]
    list_filter = ["fiscal_year", "kind", "budget_source", "goal"]
    search_fields = ["code", "title_th", "title_en", "org__code"]
    autocomplete_fields = ["org", "goal", "indicators", "plan_item"]
    list_select_related = ["org", "goal"]
    inlines = [ProgressInline]


@admin.register(ProjectProgress)
class ProjectProgressAdmin(AuditedModelAdmin):
    list_display = ["project", "period", "disbursed", "progress", "status", "state"]
    list_filter = ["state", "status"]
    # The workflow is the entry page's and the approvers' (govkpi.strategy.progress); rows written here are approved.
    readonly_fields = ["state", "submitted_by", "submitted_at", "decided_by", "decided_at", "return_reason"]
    search_fields = ["project__code", "project__title_th", "period"]
    autocomplete_fields = ["project"]
    list_select_related = ["project"]


@admin.register(DisbursementTarget)
class DisbursementTargetAdmin(AuditedModelAdmin):
    list_display = ["fiscal_year", "period", "kind", "share"]
    list_filter = ["fiscal_year", "kind"]


@admin.register(Commentary)
class CommentaryAdmin(AuditedModelAdmin):
    list_display = ["org", "indicator", "goal", "period"]
    list_filter = ["period"]
    search_fields = ["org__code", "indicator__code", "goal__code", "period", "problems", "suggestions"]
    autocomplete_fields = ["org", "indicator", "goal"]
    list_select_related = ["org", "indicator", "goal"]


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(AuditedModelAdmin):
    list_display = ["code", "title_th", "indicator", "org", "owner", "due", "status"]
    list_filter = ["status"]
    search_fields = ["code", "title_th", "title_en", "indicator__code", "org__code"]
    autocomplete_fields = ["indicator", "org", "owner"]
    list_select_related = ["indicator", "org", "owner"]

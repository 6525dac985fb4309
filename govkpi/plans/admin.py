from django.contrib import admin

from govkpi.audit.mixins import AuditedModelAdmin

from .models import Criterion, Goal, Indicator, ScoringPolicy


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    autocomplete_fields = ["org"]
    fields = ["fiscal_year", "org", "weight", "level1", "level2", "level3", "level4", "level5", "target"]


@admin.register(Goal)
class GoalAdmin(AuditedModelAdmin):
    list_display = ["code", "title_th", "title_en", "owner"]
    search_fields = ["code", "title_th", "title_en"]
    autocomplete_fields = ["owner"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedModelAdmin):
    list_display = ["code", "name_th", "goal", "unit", "direction", "aggregation", "period_type"]
    list_filter = ["goal", "direction", "aggregation", "period_type"]
    search_fields = ["code", "name_th", "name_en"]
    autocomplete_fields = ["goal", "responsible"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(AuditedModelAdmin):
    list_display = ["fiscal_year", "indicator", "org", "weight", "level1", "level3", "level5", "target"]
    list_filter = ["fiscal_year"]
    search_fields = ["indicator__code", "indicator__name_th", "org__code"]
    autocomplete_fields = ["indicator", "org"]
    list_select_related = ["indicator", "org"]


@admin.register(ScoringPolicy)
class ScoringPolicyAdmin(AuditedModelAdmin):
    list_display = ["fiscal_year", "interpolation", "floor", "missing", "achieved_from", "at_risk_from", "min_coverage",
                    "require_commentary", "lock_after_days"]

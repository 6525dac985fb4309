from django.contrib import admin

from govkpi.audit.mixins import ReadOnlyAdminMixin

from .models import SdgGoal, SdgIndicator, SdgTarget


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The UN catalogue is reference data, shipped with the package: readable, never edited by hand."""


@admin.register(SdgGoal)
class SdgGoalAdmin(ReadOnlyAdmin):
    list_display = ["code", "short_en"]


@admin.register(SdgTarget)
class SdgTargetAdmin(ReadOnlyAdmin):
    list_display = ["code", "title_en"]
    list_filter = ["goal"]
    search_fields = ["code", "title_en"]


@admin.register(SdgIndicator)
class SdgIndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "title_en"]
    list_filter = ["target__goal"]
    search_fields = ["code", "title_en"]

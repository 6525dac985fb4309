from django.contrib import admin

from govkpi.audit.mixins import AuditedModelAdmin
from govkpi.ops.uploads import VettedUploadsForm

from .models import Award


class AwardForm(VettedUploadsForm):
    file_names = {"certificate": "certificate_name"}  # the one upload policy, also in the admin


@admin.register(Award)
class AwardAdmin(AuditedModelAdmin):
    form = AwardForm
    list_display = ["fiscal_year", "category", "title_th", "issuer", "recipient", "quantity", "date"]
    list_filter = ["fiscal_year", "category", "issuer"]
    search_fields = ["title_th", "title_en", "recipient__code", "recipient__name_th"]
    autocomplete_fields = ["recipient", "assessment"]
    list_select_related = ["recipient"]

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from govkpi.ops.uploads import vet_upload
from govkpi.orgs.models import OrgUnit

from .choices import AwardCategory


class AwardForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year (BE)"), min_value=2400, max_value=2700)
    category = forms.ChoiceField(label=_("Category"), choices=AwardCategory.choices)
    title_th = forms.CharField(label=_("Title (Thai)"), max_length=500)
    title_en = forms.CharField(label=_("Title (English)"), max_length=500, required=False)
    issuer = forms.CharField(label=_("Issuer"), max_length=255)
    recipient = forms.CharField(label=_("Recipient (organisation code)"), max_length=64)
    level = forms.CharField(label=_("Level"), max_length=64, required=False)
    date = forms.DateField(label=_("Date given"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    certificate = forms.FileField(label=_("Certificate file"), required=False)
    link_assessment = forms.BooleanField(
        label=_("Link to the recipient's assessment result of this category and year"), required=False
    )

    def clean_recipient(self) -> OrgUnit:
        code = self.cleaned_data["recipient"].strip()
        org = OrgUnit.objects.filter(code=code).first()
        if org is None:
            raise forms.ValidationError(_("There is no organisation with code %(code)s.") % {"code": code})
        return org

    def clean_certificate(self) -> Any:
        upload = self.cleaned_data.get("certificate")
        if upload is not None:
            vet_upload(upload, fallback="certificate")  # the one upload policy (govkpi.ops.uploads)
        return upload

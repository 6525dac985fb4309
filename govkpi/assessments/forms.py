from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ChecklistItemForm(forms.Form):
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, max_length=1000, assume_scheme="https")
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)
    self_checked = forms.BooleanField(label=_("We meet this item"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_evidence_file(self) -> object:
        upload = self.cleaned_data.get("evidence_file")
        limit = settings.GOVKPI_MAX_UPLOAD_MB * 1024 * 1024
        if upload is not None and upload.size > limit:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": settings.GOVKPI_MAX_UPLOAD_MB})
        return upload

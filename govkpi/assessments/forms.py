from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from govkpi.ops.uploads import vet_upload


class ChecklistItemForm(forms.Form):
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, max_length=1000, assume_scheme="https")
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)
    self_checked = forms.BooleanField(label=_("We meet this item"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_evidence_file(self) -> object:
        upload = self.cleaned_data.get("evidence_file")
        if upload is not None:
            vet_upload(upload)  # the one upload policy (govkpi.ops.uploads); renames it to match its content
        return upload

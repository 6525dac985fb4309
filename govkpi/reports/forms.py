from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Digits, Language, ReportFormat, ReportKind
from .meetingfacts import MeetingError, check_month


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    fiscal_year = forms.IntegerField(label=_("Fiscal year (BE)"), min_value=2400, max_value=9999, required=False)
    period = forms.CharField(
        label=_("Month (meeting pack)"),
        max_length=12,
        required=False,
        help_text=_("A month that has ended, e.g. 2565-M06; the fiscal year is the month's."),
    )
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)
    lang = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    digits = forms.ChoiceField(label=_("Digits"), choices=Digits.choices)
    layout = forms.ChoiceField(
        label=_("Layout (press release)"),
        choices=[("", _("The province's default")), ("release", _("News release")), ("letter", _("Official letter"))],
        required=False,
    )
    publish = forms.BooleanField(label=_("Publish on the public site"), required=False)

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        if data.get("kind") == ReportKind.ANNUAL and data.get("format") not in (ReportFormat.PDF, ReportFormat.HTML):
            self.add_error("format", _("The annual report is generated as PDF or HTML."))
        if data.get("kind") == ReportKind.MEETING:
            try:
                month = check_month(data.get("period") or "")
            except MeetingError:
                self.add_error("period", _("Give a month that has ended, such as 2565-M06."))
            else:
                data["period"], data["fiscal_year"] = month.code, month.fiscal_year
        elif data.get("fiscal_year") is None and "fiscal_year" not in self.errors:
            self.add_error("fiscal_year", _("This field is required."))
        return data

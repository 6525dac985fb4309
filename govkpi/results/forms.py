"""Reading the entry page's form: one group of fields per indicator, named ``<field>-<indicator id>``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from .pages import EntryRow
from .validation import Entry, number

TEXT_FIELDS = ("value", "numerator", "denominator", "note", "evidence_url")


def read_row(row: EntryRow, post: QueryDict, files: MultiValueDict) -> tuple[Entry | None, Any, dict[str, list[str]]]:
    """(the entry, or None when the row was left untouched; an uploaded file or None; number errors)."""
    key = row.indicator.pk
    raw = {name: post.get(f"{name}-{key}", "").strip() for name in TEXT_FIELDS}
    upload = files.get(f"file-{key}")
    confirm = post.get(f"confirm_jump-{key}") == "on"
    current = {name: str(row.shown(name)) for name in TEXT_FIELDS}
    row.posted = {**raw, "confirm_jump": confirm}
    touched = any(raw.values()) or upload is not None
    if not touched:
        return None, None, {}
    unchanged = row.result is not None and all(current[name] == raw[name] for name in TEXT_FIELDS)
    errors: dict[str, list[str]] = {}
    entry = Entry(
        value=number(raw["value"], "value", errors),
        numerator=number(raw["numerator"], "numerator", errors),
        denominator=number(raw["denominator"], "denominator", errors),
        note=raw["note"],
        evidence_url=raw["evidence_url"],
        confirm_jump=confirm,
    )
    if unchanged and upload is None:
        return None, None, {}
    return (None if unchanged else entry), upload, errors


def error_summary(rows: list[EntryRow], editable: bool) -> list[tuple[str, str]]:
    """(the id of the field, the message naming its indicator) of every error on the page, in page order: the links
    of the error summary. An error not of one field points at its indicator's group of fields."""
    links = []
    for row in rows:
        key = row.indicator.pk
        open_row = editable and row.editable
        for name, texts in row.placed.items():
            anchor = f"{name}-{key}" if name and open_row else f"indicator-{key}"
            links += [(anchor, f"{row.indicator.code}: {text}") for text in texts]
    return links


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class UnlockForm(forms.Form):
    """An officer's unlock of a closed period (docs/locks.md); the organisations are those the officer approves."""

    org = forms.ModelChoiceField(label=_("Organisation (and those below it)"), queryset=None, to_field_name="code")
    period = forms.ChoiceField(label=_("Period"))
    indicator = forms.CharField(label=_("Indicator code (empty: every indicator)"), required=False, max_length=40)
    days = forms.IntegerField(label=_("Open for (days)"), initial=7, min_value=1, max_value=90)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, orgs: Any, periods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["period"].choices = periods  # type: ignore[attr-defined]

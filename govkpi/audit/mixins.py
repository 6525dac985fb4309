"""Admin pages write through here, so a change made in the Django admin lands in the audit log like any other."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict

from .actions import record


def _snapshot(obj: Any) -> dict[str, Any]:
    return {
        key: value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        for key, value in model_to_dict(obj).items()
    }


class AuditedModelAdmin(admin.ModelAdmin):
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = _snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            _record_save(request, obj, before, change)

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        """Rows edited inline (an indicator's criteria) are audited one event each, with what changed."""
        keys = [f.instance.pk for f in formset.initial_forms if f.instance.pk is not None]
        before = {obj.pk: _snapshot(obj) for obj in formset.model._default_manager.filter(pk__in=keys)}
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                _record_save(request, obj, {}, change=False)
            for obj, _fields in formset.changed_objects:
                _record_save(request, obj, before.get(obj.pk, {}), change=True)
            for obj in formset.deleted_objects:
                _record_delete(request, obj, before.get(obj.pk))

    def delete_model(self, request: Any, obj: Any) -> None:
        with transaction.atomic():
            _record_delete(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                _record_delete(request, obj)
            super().delete_queryset(request, queryset)


def _record_save(request: Any, obj: Any, before: dict[str, Any], change: bool) -> None:
    after = _snapshot(obj)
    diff = {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}
    record(
        acting_user=request.user,
        channel="admin",
        action=f"{obj._meta.label_lower}.{'change' if change else 'add'}",
        object_type=obj._meta.label_lower,
        object_key=str(obj),
        changes=diff,
    )


def _record_delete(request: Any, obj: Any, snapshot: dict[str, Any] | None = None) -> None:
    """``snapshot``: the row as it was read before a formset deleted it (the object may be gone by now)."""
    record(
        acting_user=request.user,
        channel="admin",
        action=f"{obj._meta.label_lower}.delete",
        object_type=obj._meta.label_lower,
        object_key=str(obj),
        changes=snapshot or _snapshot(obj),
    )


class ReadOnlyAdminMixin:
    """For tables the admin shows but never changes: written by actions (the audit log, result history, results
    themselves) or shipped as reference data."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

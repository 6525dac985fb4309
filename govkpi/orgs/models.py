"""The organisation tree: province, districts, subdistricts, local governments, offices.

The tree is a materialised path of primary keys (`/1/5/23/`), so "everything below X" is one indexed
`path__startswith` query, for permissions and roll-ups alike. Paths are set by `orgs.actions.rebuild_paths`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import OrgKind


class PeerGroup(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")

    def __str__(self) -> str:
        return self.name_th or self.code


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def subtree(self, org: OrgUnit) -> OrgUnitQuerySet:
        """The organisation and everything below it."""
        if not org.path:  # an unsaved or stale instance would otherwise match the whole tree
            raise ValueError(f"organisation {org.code} has no tree path yet; call orgs.actions.rebuild_paths()")
        return self.filter(path__startswith=org.path)


class OrgUnit(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    groups = models.ManyToManyField(PeerGroup, verbose_name=_("peer groups"), blank=True, related_name="members")
    path = models.CharField(max_length=1024, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    extra = models.JSONField(_("notes (x_ columns)"), default=dict, blank=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th

    def clean(self) -> None:
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("An organisation cannot be below itself.")})
            node = node.parent

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]

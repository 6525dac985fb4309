"""Boundaries of official areas, as the province loaded them (`actions.load_boundaries`), for the maps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import AreaLevel


class Boundary(models.Model):
    code = models.CharField(_("area code"), max_length=6, unique=True)  # 54, 5401, 540101
    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    # The simplified MultiPolygon: [[[[lon, lat], …], …], …], rounded (`govkpi.core.geometry.simplify_shape`).
    geometry = models.JSONField(_("geometry"))
    source = models.CharField(_("source file"), max_length=255, blank=True)
    attribution = models.CharField(_("attribution"), max_length=255, blank=True)  # shown under the map
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"

"""The UN SDG catalogue: 17 goals, 169 targets, 231 indicators, loaded by a data migration from govkpi/data/sdg."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SdgGoal(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    short_en = models.CharField(_("short title (English)"), max_length=255)
    title_en = models.TextField(_("title (English)"))
    number = models.PositiveSmallIntegerField(editable=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")

    def __str__(self) -> str:
        return f"{self.code} {self.short_en}"


class SdgTarget(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    goal = models.ForeignKey(SdgGoal, on_delete=models.CASCADE, related_name="targets")
    title_en = models.TextField(_("title (English)"))

    class Meta:
        ordering = ["goal__number", "id"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return f"{self.code} {self.title_en[:80]}"


class SdgIndicator(models.Model):
    code = models.CharField(_("code"), max_length=24, unique=True)
    target = models.ForeignKey(SdgTarget, on_delete=models.CASCADE, related_name="indicators")
    title_en = models.TextField(_("title (English)"))

    class Meta:
        ordering = ["target__goal__number", "id"]
        verbose_name = _("SDG indicator")
        verbose_name_plural = _("SDG indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.title_en[:80]}"

"""The awards registry: every award as a record, so totals are computed, never typed."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from govkpi.assessments.models import Assessment
from govkpi.orgs.models import OrgUnit

from .choices import AwardCategory


def certificate_path(instance: Award, filename: str) -> str:
    from django.utils import timezone

    return f"certificates/{instance.fiscal_year}/{timezone.now():%Y%m%d%H%M%S%f}"


def _evidence_storage():  # outside the web root; certificates are served only through a checked view
    from govkpi.results.models import evidence_storage

    return evidence_storage()


class Award(models.Model):
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    category = models.CharField(_("category"), max_length=8, choices=AwardCategory.choices)
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    issuer = models.CharField(_("issuer"), max_length=255)
    recipient = models.ForeignKey(OrgUnit, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="awards")
    level = models.CharField(_("level"), max_length=64, blank=True)
    date = models.DateField(_("date given"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    note = models.TextField(_("note"), blank=True)
    extra = models.JSONField(_("notes (x_ columns)"), default=dict, blank=True)
    certificate = models.FileField(
        _("certificate file"), storage=_evidence_storage, upload_to=certificate_path, blank=True, max_length=300
    )
    certificate_name = models.CharField(_("certificate file name"), max_length=255, blank=True)
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment result that earned it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awards",
    )

    class Meta:
        ordering = ["fiscal_year", "category", "recipient__code", "title_th"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "category", "recipient", "title_th"], name="award_unique"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="award_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.category} {self.title_th}"

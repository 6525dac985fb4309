"""Results: the value an organisation reports for an indicator and a period (workbook.md table results)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator

from .choices import ResultStatus


class Result(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="results"
    )
    org = models.ForeignKey(OrgUnit, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="results")
    period = models.CharField(_("period"), max_length=12, help_text=_("2565, 2565-H1, 2565-Q1 or 2565-M01"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), editable=False)
    value = models.FloatField(_("value"), null=True, blank=True)
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.APPROVED)
    note = models.TextField(_("note"), blank=True)
    evidence_url = models.URLField(_("evidence URL"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    extra = models.JSONField(_("notes (x_ columns)"), default=dict, blank=True)

    class Meta:
        ordering = ["indicator__code", "org__code", "period"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "org", "period"], name="result_unique"),
            models.CheckConstraint(
                condition=models.Q(denominator__isnull=True) | ~models.Q(denominator=0),
                name="result_denominator_not_zero",
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "status"], name="result_year_status")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.org_id} {self.period}"

    def save(self, *args: object, **kwargs: object) -> None:
        from govkpi.core.periods import parse_period

        self.fiscal_year = parse_period(self.period).fiscal_year
        super().save(*args, **kwargs)  # type: ignore[arg-type]

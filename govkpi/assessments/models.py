"""External assessments (ITA, GECC, PMQA, moral organisation …) per organisation and fiscal year."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from govkpi.orgs.models import OrgUnit


class Assessment(models.Model):
    framework = models.CharField(_("framework"), max_length=32, help_text=_("ita, gecc, pmqa, moral, …"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    org = models.ForeignKey(
        OrgUnit, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="assessments"
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    level = models.CharField(_("level as published"), max_length=64, blank=True)
    components = models.JSONField(_("component scores"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank as published"), null=True, blank=True)
    rank_group = models.CharField(_("ranked within"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)
    extra = models.JSONField(_("notes (x_ columns)"), default=dict, blank=True)

    class Meta:
        ordering = ["framework", "fiscal_year", "org__code"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["framework", "fiscal_year", "org"], name="assessment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.fiscal_year} {self.org_id}"

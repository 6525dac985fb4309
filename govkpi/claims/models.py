"""Numbers published somewhere (a press release, a report), kept to be checked against the records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Claim(models.Model):
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    metric = models.CharField(
        _("metric"),
        max_length=200,
        help_text=_("awards.total, awards.<category>, assessment.<framework>.<org>.score …"),
    )
    value = models.FloatField(_("published value"))
    source = models.TextField(_("source"), blank=True)
    extra = models.JSONField(_("notes (x_ columns)"), default=dict, blank=True)

    class Meta:
        ordering = ["fiscal_year", "metric"]
        verbose_name = _("published claim")
        verbose_name_plural = _("published claims")
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "metric"], name="claim_unique")]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.metric} = {self.value:g}"

"""Stored combined values: what `govkpi.scorecards.incremental` keeps so that a scorecard at national scale is read,
not recomputed. Derived data only; `incremental.materialise` rebuilds it from the results at any time."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govkpi.orgs.models import OrgUnit


class StoredValues(models.Model):
    """The combined value of every indicator of one organisation's scorecard that has one, for one fiscal year:
    ``{"<indicator id>": [value, numerator, denominator, source]}``."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    org = models.ForeignKey(OrgUnit, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+")
    values = models.JSONField(_("values"), default=dict)

    class Meta:
        verbose_name = _("stored values")
        verbose_name_plural = _("stored values")
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "org"], name="stored_values_unique")]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.org_id}"


class StoreState(models.Model):
    """Up to which audit event the stored values of a fiscal year are current (0: not current)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), unique=True)
    event_id = models.BigIntegerField(_("current up to audit event"), default=0)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("score store state")
        verbose_name_plural = _("score store states")

    def __str__(self) -> str:
        return f"{self.fiscal_year} @ {self.event_id}"


class PrerenderedCard(models.Model):
    """One organisation's scorecard as the exact JSON body `/api/v1/scores` answers, zlib-compressed, in base64 (text:
    backups carry it as it is), written by `incremental.materialise` (`govkpi.scorecards.prerender`). ``blank``: the
    organisation has no value; its card is the year's shared text (the row without organisation) after its own code
    and names. Derived data only."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    org = models.ForeignKey(
        OrgUnit, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    blank = models.BooleanField(_("without any value"), default=False)
    body = models.TextField(_("body"), blank=True)

    class Meta:
        verbose_name = _("pre-rendered scorecard")
        verbose_name_plural = _("pre-rendered scorecards")
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "org"], name="prerendered_card_unique")]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.org_id}"

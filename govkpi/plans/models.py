"""Goals, indicators, criteria and the per-year scoring policy (workbook.md tables goals, indicators, criteria,
scoring_policy)."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from govkpi.core.errors import ScoringError
from govkpi.core.scoring import Policy
from govkpi.orgs.models import OrgUnit

from .choices import Aggregation, Direction, Interpolation, Missing, PeriodType


class Bilingual(models.Model):
    """A record with a Thai and an English title; `title` picks the one for the active language."""

    class Meta:
        abstract = True

    def _pick(self, th: str, en: str) -> str:
        return en if get_language() == "en" and en else th


class Goal(Bilingual):
    code = models.CharField(_("code"), max_length=32, unique=True)
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    sdg = models.JSONField(_("SDG targets"), default=list, blank=True)
    owner = models.ForeignKey(
        OrgUnit, verbose_name=_("lead agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extra = models.JSONField(_("notes (x_ columns)"), default=dict, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return self._pick(self.title_th, self.title_en)


class Indicator(Bilingual):
    code = models.CharField(_("code"), max_length=32, unique=True)
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="indicators")
    name_th = models.CharField(_("name (Thai)"), max_length=500)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    unit = models.CharField(_("unit"), max_length=64)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    aggregation = models.CharField(_("aggregation"), max_length=8, choices=Aggregation.choices)
    multiplier = models.FloatField(_("multiplier"), default=100)
    period_type = models.CharField(
        _("reporting period"), max_length=8, choices=PeriodType.choices, default=PeriodType.QUARTER
    )
    sdg = models.JSONField(_("SDG indicators"), default=list, blank=True)
    responsible = models.ManyToManyField(
        OrgUnit, verbose_name=_("reporting organisations"), blank=True, related_name="reported_indicators"
    )
    definition_th = models.TextField(_("definition (Thai)"), blank=True)
    data_source = models.TextField(_("data source"), blank=True)
    min_value = models.FloatField(_("lowest allowed value"), null=True, blank=True)
    max_value = models.FloatField(_("highest allowed value"), null=True, blank=True)
    extra = models.JSONField(_("notes (x_ columns)"), default=dict, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self._pick(self.name_th, self.name_en)

    def clean(self) -> None:
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            raise ValidationError({"max_value": _("The highest allowed value must not be below the lowest.")})


class Criterion(models.Model):
    """Weight and the five thresholds of an indicator in a fiscal year, for all organisations or one."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), db_index=True)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="criteria"
    )
    org = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="criteria",
        help_text=_("Empty: applies to every organisation."),
    )
    weight = models.FloatField(_("weight"), validators=[MinValueValidator(0, message=_("Weight must be above 0."))])
    level1 = models.FloatField(_("level 1"))
    level2 = models.FloatField(_("level 2"))
    level3 = models.FloatField(_("level 3"))
    level4 = models.FloatField(_("level 4"))
    level5 = models.FloatField(_("level 5"))
    target = models.FloatField(_("target"), null=True, blank=True)
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year (BE)"), null=True, blank=True)
    extra = models.JSONField(_("notes (x_ columns)"), default=dict, blank=True)

    class Meta:
        ordering = ["fiscal_year", "indicator__code", "org__code"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "indicator", "org"], name="criterion_unique_per_org"),
            models.UniqueConstraint(
                fields=["fiscal_year", "indicator"], condition=Q(org__isnull=True), name="criterion_unique_default"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.indicator.code} {self.org.code if self.org else '*'}"

    @property
    def thresholds(self) -> tuple[float, float, float, float, float]:
        return (self.level1, self.level2, self.level3, self.level4, self.level5)

    def clean(self) -> None:
        from govkpi.core.scoring import Direction as CoreDirection
        from govkpi.core.scoring import check_thresholds

        if self.indicator_id is None:
            return
        try:
            check_thresholds(self.thresholds, CoreDirection(self.indicator.direction))
        except ValueError as error:
            raise ValidationError(str(error)) from error


class ScoringPolicy(models.Model):
    """The scoring choices of one fiscal year (scoring.md); a year without a row uses the defaults."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), unique=True)
    interpolation = models.CharField(
        _("interpolation"), max_length=8, choices=Interpolation.choices, default=Interpolation.LINEAR
    )
    floor = models.FloatField(_("score below level 1"), choices=[(0.0, "0"), (1.0, "1")], default=0.0)
    missing = models.CharField(_("missing values"), max_length=8, choices=Missing.choices, default=Missing.EXCLUDE)
    achieved_from = models.FloatField(_("achieved from score"), default=3.0)
    at_risk_from = models.FloatField(_("at risk from score"), default=2.0)
    min_coverage = models.FloatField(
        _("minimum coverage for rankings"),
        default=0.0,
        db_default=0.0,  # rows written by SQL without the column (older tools) mean: no minimum
        help_text=_("Share of the weight (0 to 1) that must have a score for an organisation to be ranked; "
                    "0 = no minimum."),
    )
    require_commentary = models.BooleanField(
        _("require commentary for results at risk"),
        default=False,
        db_default=False,  # rows written by SQL without the column mean: not required
        help_text=_("A result that would be at risk or not achieved cannot be submitted without commentary."),
    )
    lock_after_days = models.PositiveIntegerField(
        _("lock periods this many days after they end"),
        null=True,
        blank=True,
        db_default=None,  # rows written by SQL without the column mean: periods never lock
        help_text=_("Entry into a period closes this many days after it ends; later changes need an officer's "
                    "unlock. Empty = periods never lock."),
    )
    extra = models.JSONField(_("notes (x_ columns)"), default=dict, blank=True)

    class Meta:
        ordering = ["fiscal_year"]
        verbose_name = _("scoring policy")
        verbose_name_plural = _("scoring policies")

    def __str__(self) -> str:
        return str(self.fiscal_year)

    def clean(self) -> None:
        """The core's rules for a policy (`Policy.validate`), as a form error on the field at fault."""
        values = (self.interpolation, self.floor, self.missing, self.achieved_from, self.at_risk_from,
                  self.min_coverage)
        if any(value is None for value in values):  # a missing field: the field's own validation says so
            return
        try:
            self.as_policy().validate()
        except ScoringError as error:
            field = str(error.params["field"])
            if field == "at_risk_from" and _finite(self.at_risk_from):  # finite, so: above achieved_from
                message = _("'At risk from' must not be above 'achieved from'.")
            else:
                message = POLICY_ERRORS.get(field, _("This value is not allowed in a scoring policy."))
            raise ValidationError({field: ValidationError(message, code=error.code)}) from error

    def as_policy(self) -> Policy:
        return Policy(
            interpolation=self.interpolation,
            floor=self.floor,
            missing=self.missing,
            achieved_from=self.achieved_from,
            at_risk_from=self.at_risk_from,
            min_coverage=self.min_coverage,
        )


POLICY_ERRORS = {
    "interpolation": _("Interpolation must be linear or step."),
    "floor": _("The score below level 1 must be 0 or 1."),
    "missing": _("Indicators without a value must be left out or counted as 0."),
    "achieved_from": _("Enter a finite number."),
    "at_risk_from": _("Enter a finite number."),
    "min_coverage": _("The minimum coverage must be a share from 0 to 1 (for example 0.5 for 50%)."),
}


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)

"""Django choices for the plans models. The values come from the core enums (`govkpi.core`), which the scoring
rules use; only the labels are Django's."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from govkpi.core.combine import Aggregation as CoreAggregation
from govkpi.core.periods import PeriodKind
from govkpi.core.scoring import Direction as CoreDirection
from govkpi.core.scoring import Interpolation as CoreInterpolation
from govkpi.core.scoring import Missing as CoreMissing


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = CoreDirection.HIGHER.value, _("Higher is better")
    LOWER_IS_BETTER = CoreDirection.LOWER.value, _("Lower is better")


class Aggregation(models.TextChoices):
    SUM = CoreAggregation.SUM.value, _("Sum")
    MEAN = CoreAggregation.MEAN.value, _("Mean")
    LAST = CoreAggregation.LAST.value, _("Latest value")
    RATIO = CoreAggregation.RATIO.value, _("Ratio of sums")


class PeriodType(models.TextChoices):
    YEAR = PeriodKind.YEAR.value, _("Yearly")
    HALF = PeriodKind.HALF.value, _("Half-yearly")
    QUARTER = PeriodKind.QUARTER.value, _("Quarterly")
    MONTH = PeriodKind.MONTH.value, _("Monthly")


class Interpolation(models.TextChoices):
    LINEAR = CoreInterpolation.LINEAR.value, _("Linear between thresholds")
    STEP = CoreInterpolation.STEP.value, _("Step (whole levels)")


class Missing(models.TextChoices):
    EXCLUDE = CoreMissing.EXCLUDE.value, _("Leave out indicators without a value")
    ZERO = CoreMissing.ZERO.value, _("Count indicators without a value as 0")

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher_is_better", _("Higher is better")
    LOWER_IS_BETTER = "lower_is_better", _("Lower is better")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean")
    LAST = "last", _("Latest value")
    RATIO = "ratio", _("Ratio of sums")


class PeriodType(models.TextChoices):
    YEAR = "year", _("Yearly")
    HALF = "half", _("Half-yearly")
    QUARTER = "quarter", _("Quarterly")
    MONTH = "month", _("Monthly")


class Interpolation(models.TextChoices):
    LINEAR = "linear", _("Linear between thresholds")
    STEP = "step", _("Step (whole levels)")


class Missing(models.TextChoices):
    EXCLUDE = "exclude", _("Leave out indicators without a value")
    ZERO = "zero", _("Count indicators without a value as 0")

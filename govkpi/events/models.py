"""Events at which a province reports its results: a press conference, a ceremony, a review meeting."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from govkpi.core.periods import fiscal_year_of

TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class Event(models.Model):
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    date = models.DateField(_("date"))
    time = models.CharField(
        _("time"), max_length=16, blank=True, validators=[RegexValidator(TIME_RE)], help_text=_("24-hour HH:MM")
    )
    place = models.CharField(_("place"), max_length=500, blank=True)
    presiding = models.CharField(_("presiding official"), max_length=255, blank=True)
    presiding_position = models.CharField(_("position of the presiding official"), max_length=255, blank=True)
    recording_url = models.URLField(_("recording"), max_length=1000, blank=True)
    note = models.TextField(_("note"), blank=True)
    extra = models.JSONField(_("notes (x_ columns)"), default=dict, blank=True)

    class Meta:
        ordering = ["fiscal_year", "date", "time", "title_th"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "title_th"], name="event_unique")]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.date} {self.title_th}"

    def clean(self) -> None:
        if self.date and self.fiscal_year and fiscal_year_of(self.date) != self.fiscal_year:
            raise ValidationError({"date": _("The date is not in fiscal year %(year)s.") % {"year": self.fiscal_year}})

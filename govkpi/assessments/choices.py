from django.db import models
from django.utils.translation import gettext_lazy as _


class Readiness(models.TextChoices):
    READY = "ready", _("ready: every item confirmed")
    CHECKED = "checked", _("checked, awaiting confirmation")
    IN_PROGRESS = "in_progress", _("in progress")
    NOT_STARTED = "not_started", _("not started")


# Organisations the province officer watches before an assessment: the local governments.
LOCAL_GOVERNMENT_KINDS = ("pao", "city_municipality", "town_municipality", "subdistrict_municipality", "sao")

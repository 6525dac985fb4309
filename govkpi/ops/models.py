"""Periodic jobs' state (`govkpi.ops.jobs`): one row per job, claimed per scheduled time so that a run is never
repeated by a second host."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.Model):
    name = models.CharField(_("job"), max_length=50, unique=True)
    last_slot = models.DateTimeField(_("last scheduled time run"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, blank=True)  # running, ok, failed
    summary = models.TextField(_("summary"), blank=True)
    host = models.CharField(_("host"), max_length=255, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self) -> str:
        return self.name

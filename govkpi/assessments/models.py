"""External assessments (ITA, GECC, PMQA, moral organisation …) per organisation and fiscal year."""

from __future__ import annotations

from django.conf import settings
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


def checklist_path(instance: ChecklistEntry, filename: str) -> str:
    from django.utils import timezone

    return f"checklists/{instance.framework}/{instance.fiscal_year}/{instance.org_id}/{timezone.now():%Y%m%d%H%M%S%f}"


def _evidence_storage():  # the results app's storage: outside the web root, served only through checked views
    from govkpi.results.models import evidence_storage

    return evidence_storage()


class ChecklistEntry(models.Model):
    """Readiness before an assessment: one checklist item of a framework year (OIT O1…O43, GECC criteria) for one
    organisation, with its evidence, the organisation's self-check and a reviewer's confirmation."""

    framework = models.CharField(_("framework"), max_length=32)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    org = models.ForeignKey(OrgUnit, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+")
    item = models.CharField(_("checklist item"), max_length=32)
    evidence_url = models.URLField(_("evidence link"), max_length=1000, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), storage=_evidence_storage, upload_to=checklist_path, blank=True, max_length=300
    )
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    self_checked = models.BooleanField(_("checked by the organisation"), default=False)
    confirmed = models.BooleanField(_("confirmed by a reviewer"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["framework", "fiscal_year", "org_id", "item"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["framework", "fiscal_year", "org", "item"], name="checklist_unique"),
            models.CheckConstraint(
                condition=~models.Q(confirmed=True, self_checked=False), name="checklist_confirmed_after_self_check"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.fiscal_year} {self.org_id} {self.item}"

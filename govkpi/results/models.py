"""Results: the value an organisation reports for an indicator and a period (workbook.md table results)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator

from .choices import ResultStatus, Step


class Result(models.Model):
    indicator = models.ForeignKey(  # no index of its own: the unique key (indicator, org, period) begins with it
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="results", db_index=False
    )
    org = models.ForeignKey(OrgUnit, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="results")
    period = models.CharField(_("period"), max_length=12, help_text=_("2565, 2565-H1, 2565-Q1 or 2565-M01"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), editable=False)
    value = models.FloatField(_("value"), null=True, blank=True)
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.DRAFT)
    note = models.TextField(_("note"), blank=True)
    evidence_url = models.URLField(_("evidence URL"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    extra = models.JSONField(_("notes (x_ columns)"), default=dict, blank=True)

    class Meta:
        ordering = ["indicator__code", "org__code", "period"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "org", "period"], name="result_unique"),
            models.CheckConstraint(
                condition=models.Q(denominator__isnull=True) | ~models.Q(denominator=0),
                name="result_denominator_not_zero",
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "status"], name="result_year_status")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.org_id} {self.period}"

    @property
    def display_value(self) -> float | None:
        """The value, or for a ratio given only as numerator and denominator, their ratio × multiplier."""
        if self.value is not None:
            return self.value
        if self.numerator is not None and self.denominator:
            return self.numerator / self.denominator * self.indicator.multiplier
        return None

    def save(self, *args: object, **kwargs: object) -> None:
        from govkpi.core.periods import parse_period

        self.fiscal_year = parse_period(self.period).fiscal_year
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ResultEvent(models.Model):
    """One entry of a result's history: every transition and every edit, with who, when, from, to and why."""

    result = models.ForeignKey(Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="events",
                               db_index=False)  # fmt: skip  # the index (result, at) begins with it
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("who"), max_length=200)
    channel = models.CharField(_("channel"), max_length=16)
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    from_status = models.CharField(_("from"), max_length=10, choices=ResultStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=ResultStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["result_id", "at", "id"]
        verbose_name = _("result history entry")
        verbose_name_plural = _("result history")
        indexes = [models.Index(fields=["result", "at"], name="result_event_result_at")]

    def __str__(self) -> str:
        return f"{self.result_id} {self.step} {self.at:%Y-%m-%d %H:%M}"


class EvidenceStorage(FileSystemStorage):
    """Local disk at ``settings.EVIDENCE_ROOT`` — outside the web root (not MEDIA_ROOT), without a URL: evidence is
    only served through a permission-checked view. Read from settings on use, not at import."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.EVIDENCE_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property  # type: ignore[override]
    def base_url(self) -> None:
        return None


def evidence_storage() -> Storage:
    """``STORAGES["evidence"]`` when configured; else the default storage when it is not the local disk (S3_BUCKET
    makes it an S3-compatible bucket, see settings); else local disk outside the web root."""
    if "evidence" in settings.STORAGES:
        return storages["evidence"]
    if not settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        return storages["default"]
    return EvidenceStorage()


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"{instance.result.fiscal_year}/{instance.result_id}/{timezone.now():%Y%m%d%H%M%S%f}"


class Evidence(models.Model):
    """A file (PDF, image, office document) or a link backing a result."""

    result = models.ForeignKey(Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), storage=evidence_storage, upload_to=evidence_path, blank=True, max_length=300)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["result_id", "uploaded_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(condition=~models.Q(file="") | ~models.Q(url=""), name="evidence_file_or_url"),
        ]

    def __str__(self) -> str:
        return self.name or self.url


class ReportingCalendar(models.Model):
    """When results of a fiscal year fall due: the end of each period plus `grace_days`. A year without a row
    uses the defaults. `jump_factor`: a value more than this many times (or less than 1/this of) the previous
    period's asks the reporter to confirm it with a note."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), unique=True)
    grace_days = models.PositiveSmallIntegerField(_("days after the period ends"), default=15)
    jump_factor = models.FloatField(_("warn when a value changes by more than this factor"), default=3.0)

    class Meta:
        ordering = ["fiscal_year"]
        verbose_name = _("reporting calendar")
        verbose_name_plural = _("reporting calendars")

    def __str__(self) -> str:
        return str(self.fiscal_year)

    @classmethod
    def for_year(cls, fiscal_year: int) -> ReportingCalendar:
        return cls.objects.filter(fiscal_year=fiscal_year).first() or cls(fiscal_year=fiscal_year)


class PeriodUnlock(models.Model):
    """An officer's unlock of a locked period (docs/locks.md): the organisation and everything below it, the period
    (a whole-year code opens every period of that year), optionally one indicator, until ``until``."""

    org = models.ForeignKey(OrgUnit, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=12)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("unlocked by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    by_label = models.CharField(_("who"), max_length=200)
    at = models.DateTimeField(_("when"), default=timezone.now)
    until = models.DateTimeField(_("open until"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("period unlock")
        verbose_name_plural = _("period unlocks")
        indexes = [models.Index(fields=["fiscal_year", "until"], name="period_unlock_year_until")]

    def __str__(self) -> str:
        return f"{self.org_id} {self.period} → {self.until:%Y-%m-%d}"


class FollowUp(models.Model):
    """A result marked for follow-up (DHIS2's "follow-up" flag): an approver or officer of the organisation sets it
    with a reason and clears it with a note. One open flag per result; cleared ones stay as history."""

    result = models.ForeignKey(Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="follow_ups")
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    set_by_label = models.CharField(_("who"), max_length=200)
    set_at = models.DateTimeField(_("when"), default=timezone.now)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cleared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cleared_by_label = models.CharField(_("cleared by"), max_length=200, blank=True)
    cleared_at = models.DateTimeField(_("cleared"), null=True, blank=True)
    clear_note = models.TextField(_("note on clearing"), blank=True)

    class Meta:
        ordering = ["-set_at", "-id"]
        verbose_name = _("follow-up flag")
        verbose_name_plural = _("follow-up flags")
        constraints = [
            models.UniqueConstraint(
                fields=["result"], condition=models.Q(cleared_at__isnull=True), name="follow_up_one_open"
            ),
        ]
        indexes = [models.Index(fields=["cleared_at"], name="follow_up_cleared")]

    def __str__(self) -> str:
        return f"{self.result_id} {'open' if self.cleared_at is None else 'cleared'}"

    @property
    def open(self) -> bool:
        return self.cleared_at is None

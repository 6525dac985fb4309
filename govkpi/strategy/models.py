"""Plans, their items, targets, projects, their quarterly progress, the disbursement targets, the agencies'
commentary on their results and corrective actions (planning.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govkpi.core.budget import ProgressRow, check_progress, check_shares
from govkpi.core.periods import PeriodError, parse_period
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Bilingual, Goal, Indicator
from govkpi.results.models import evidence_storage

from .choices import ActionStatus, BudgetSource, PlanLevel, ProgressState, ProjectKind, ProjectStatus
from .messages import describe

NOTES = _("notes (x_ columns)")


class Plan(Bilingual):
    """A plan of the national hierarchy (national strategy … province plan) over BE fiscal years."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    level = models.CharField(_("level"), max_length=24, choices=PlanLevel.choices)
    start_year = models.PositiveSmallIntegerField(_("first fiscal year (BE)"))
    end_year = models.PositiveSmallIntegerField(_("last fiscal year (BE)"))
    parent = models.ForeignKey("self", verbose_name=_("serves plan"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    extra = models.JSONField(NOTES, default=dict, blank=True)

    class Meta:
        ordering = ["start_year", "code"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="plan_years_order")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return self._pick(self.title_th, self.title_en)

    def clean(self) -> None:
        if self.start_year is not None and self.end_year is not None and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year must not be before the first year.")})


class PlanItem(Bilingual):
    """A strategy, development issue or objective of a plan; ``aligns`` names the items of other plans it serves."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=32)
    title_th = models.CharField(_("title (Thai)"), max_length=1000)
    title_en = models.CharField(_("title (English)"), max_length=1000, blank=True)
    parent = models.ForeignKey("self", verbose_name=_("parent item"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="children")
    aligns = models.ManyToManyField("self", verbose_name=_("serves items of other plans"), symmetrical=False,
                                    blank=True, related_name="served_by")
    goals = models.ManyToManyField(Goal, verbose_name=_("goals that serve it"), blank=True,
                                   related_name="plan_items")
    extra = models.JSONField(NOTES, default=dict, blank=True)

    class Meta:
        ordering = ["plan__code", "code"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_item_unique_code")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        """``PLAN:ITEM``, as the workbook names it."""
        return f"{self.plan.code}:{self.code}"

    @property
    def title(self) -> str:
        return self._pick(self.title_th, self.title_en)

    def clean(self) -> None:
        if self.parent_id is not None and self.parent is not None and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": _("The parent item must belong to the same plan.")})


class Target(models.Model):
    """The value a plan aims at for an indicator in one fiscal year, for every organisation or one."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="plan_targets")
    org = models.ForeignKey(OrgUnit, verbose_name=_("organisation"), null=True, blank=True,
                            on_delete=models.CASCADE, related_name="plan_targets",
                            help_text=_("Empty: applies to every organisation."))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), db_index=True)
    target = models.FloatField(_("target"))
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="targets")
    extra = models.JSONField(NOTES, default=dict, blank=True)

    class Meta:
        ordering = ["indicator__code", "org__code", "fiscal_year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "org", "fiscal_year"], name="target_unique_per_org"),
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], condition=Q(org__isnull=True),
                                    name="target_unique_default"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.indicator.code} {self.org.code if self.org else '*'}"


class Project(Bilingual):
    """A funded project of one fiscal year and what it serves."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), db_index=True)
    title_th = models.CharField(_("title (Thai)"), max_length=1000)
    title_en = models.CharField(_("title (English)"), max_length=1000, blank=True)
    org = models.ForeignKey(OrgUnit, verbose_name=_("responsible organisation"), on_delete=models.PROTECT,
                            related_name="projects")
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="projects")
    indicators = models.ManyToManyField(Indicator, verbose_name=_("indicators"), blank=True,
                                        related_name="projects")
    plan_item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="projects")
    budget_source = models.CharField(_("budget source"), max_length=16, choices=BudgetSource.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ProjectKind.choices, blank=True)
    allocated = models.FloatField(_("allocated (baht)"), validators=[MinValueValidator(0)])
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    extra = models.JSONField(NOTES, default=dict, blank=True)

    class Meta:
        ordering = ["fiscal_year", "code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [models.CheckConstraint(condition=Q(allocated__gte=0), name="project_allocated_not_negative")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return self._pick(self.title_th, self.title_en)

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": describe("project_dates", {"start": self.start, "end": self.end})})
        if self.pk is not None and self.allocated is not None:
            paid = sum(self.progress.values_list("disbursed", flat=True))
            if paid > self.allocated:
                raise ValidationError({"allocated": describe("over_allocated",
                                                             {"total": paid, "allocated": self.allocated})})


class ProjectProgress(models.Model):
    """What a project disbursed (in the period) and achieved (at its end), with problems and suggestions."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="progress")
    period = models.CharField(_("period"), max_length=8)
    disbursed = models.FloatField(_("disbursed in the period (baht)"), validators=[MinValueValidator(0)])
    committed = models.FloatField(_("committed, not yet paid (baht)"), null=True, blank=True,
                                  validators=[MinValueValidator(0)])
    progress = models.FloatField(_("physical progress (%)"), null=True, blank=True,
                                 validators=[MinValueValidator(0), MaxValueValidator(100)])
    status = models.CharField(_("status"), max_length=16, choices=ProjectStatus.choices, blank=True)
    problems = models.TextField(_("problems"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    extra = models.JSONField(NOTES, default=dict, blank=True)
    # The workflow (docs/planning.md, "Reporting project progress"). Rows written without it — the workbook, the
    # admin, SQL, a bulk COPY — are approved: the database default says so too.
    state = models.CharField(_("workflow state"), max_length=12, choices=ProgressState.choices,
                             default=ProgressState.APPROVED, db_default=ProgressState.APPROVED, db_index=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved or returned by"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("approved or returned"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True, db_default="")

    class Meta:
        ordering = ["project__code", "period"]
        verbose_name = _("project progress")
        verbose_name_plural = _("project progress")
        constraints = [models.UniqueConstraint(fields=["project", "period"], name="project_progress_unique")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period}"

    def as_row(self) -> ProgressRow:
        return ProgressRow(parse_period(self.period), self.disbursed, self.progress, self.status or None,
                           self.committed)

    def clean(self) -> None:
        """The rules of :func:`govkpi.core.budget.check_progress`, with the project's other rows."""
        if self.project_id is None or not self.period or self.disbursed is None:
            return
        try:
            self.period = parse_period(self.period).code
        except PeriodError as error:
            raise ValidationError({"period": _("This is not a period such as 2565-Q1 or 2565-M01.")}) from error
        errors = progress_problems(self.project, self.as_row(), exclude=self.pk)
        if errors:
            raise ValidationError(errors)


def progress_problems(project: Project, row: ProgressRow, *, exclude: int | None = None) -> dict[str, list[str]]:
    """The rules of :func:`govkpi.core.budget.check_progress` for one row of a project beside its other stored rows
    (whatever their workflow state), in the active language by field. The admin (``ProjectProgress.clean``) and the
    entry page and API (``govkpi.strategy.progress``) call this; the workbook loader calls ``check_progress`` on the
    file's and the database's rows together."""
    others = [other.as_row() for other in project.progress.exclude(pk=exclude) if _valid(other.period)]
    errors: dict[str, list[str]] = {}
    for code, _index, field, params in check_progress(project.fiscal_year, project.allocated, [*others, row]):
        errors.setdefault(field, []).append(describe(code, params))
    return errors


def progress_evidence_path(instance: ProgressEvidence, filename: str) -> str:
    return f"projects/{instance.progress.project.fiscal_year}/{instance.progress_id}/{timezone.now():%Y%m%d%H%M%S%f}"


class ProgressEvidence(models.Model):
    """A file attached to a project's progress report: vetted by the project's one upload policy
    (``govkpi.ops.uploads.vet_upload``), stored with the results' evidence, served only by ``attachment()``."""

    progress = models.ForeignKey(ProjectProgress, verbose_name=_("project progress"), on_delete=models.CASCADE,
                                 related_name="evidence")
    file = models.FileField(_("file"), storage=evidence_storage, upload_to=progress_evidence_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["progress_id", "uploaded_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.name


class DisbursementTarget(models.Model):
    """The cumulative share of the allocation to be disbursed by the end of a quarter."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    period = models.CharField(_("quarter"), max_length=8)
    kind = models.CharField(_("kind"), max_length=16, choices=ProjectKind.choices, blank=True,
                            help_text=_("Empty: every project without a row of its own kind."))
    share = models.FloatField(_("cumulative share"), validators=[MinValueValidator(0), MaxValueValidator(1)])
    extra = models.JSONField(NOTES, default=dict, blank=True)

    class Meta:
        ordering = ["fiscal_year", "period", "kind"]
        verbose_name = _("disbursement target")
        verbose_name_plural = _("disbursement targets")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "period", "kind"], name="disbursement_target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.kind or '*'} {self.share}"

    def clean(self) -> None:
        """A quarter of its fiscal year; the shares of the year and kind by :func:`govkpi.core.budget.check_shares`."""
        if self.fiscal_year is None or not self.period or self.share is None:
            return
        try:
            period = parse_period(self.period)
        except PeriodError as error:
            raise ValidationError({"period": _("This is not a quarter such as 2565-Q1.")}) from error
        if period.fiscal_year != self.fiscal_year:
            raise ValidationError({"period": describe("share_year", {"value": period.code, "year": self.fiscal_year})})
        self.period = period.code
        others = DisbursementTarget.objects.filter(fiscal_year=self.fiscal_year, kind=self.kind).exclude(pk=self.pk)
        rows = [(parse_period(other.period), other.share) for other in others if _valid(other.period)]
        errors: dict[str, list[str]] = {}
        for code, _index, field, params in check_shares([*rows, (period, self.share)]):
            errors.setdefault(field, []).append(describe(code, params))
        if errors:
            raise ValidationError(errors)


COMMENTARY_FIELDS = ("analysis", "problems", "suggestions", "lessons")


class Commentary(models.Model):
    """What an organisation says about its results of one period, for an indicator or a goal (exactly one)."""

    org = models.ForeignKey(OrgUnit, verbose_name=_("organisation"), on_delete=models.CASCADE,
                            related_name="commentary")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="commentary")
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="commentary")
    period = models.CharField(_("period"), max_length=8, db_index=True)
    analysis = models.TextField(_("analysis"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    extra = models.JSONField(NOTES, default=dict, blank=True)

    class Meta:
        ordering = ["org__code", "period"]
        verbose_name = _("commentary")
        verbose_name_plural = _("commentary")
        constraints = [
            models.CheckConstraint(condition=Q(indicator__isnull=True) ^ Q(goal__isnull=True),
                                   name="commentary_indicator_or_goal"),
            models.UniqueConstraint(fields=["org", "indicator", "period"], condition=Q(indicator__isnull=False),
                                    name="commentary_unique_indicator"),
            models.UniqueConstraint(fields=["org", "goal", "period"], condition=Q(goal__isnull=False),
                                    name="commentary_unique_goal"),
        ]

    def __str__(self) -> str:
        subject = self.indicator.code if self.indicator_id else self.goal.code if self.goal_id else "?"
        return f"{self.org.code} {subject} {self.period}"

    @property
    def filled(self) -> bool:
        return any(getattr(self, name).strip() for name in COMMENTARY_FIELDS)

    def clean(self) -> None:
        if (self.indicator_id is None) == (self.goal_id is None):
            raise ValidationError(describe("commentary_subject", {}))
        if self.period:
            try:
                self.period = parse_period(self.period).code
            except PeriodError as error:
                raise ValidationError({"period": _("This is not a period such as 2565-Q1 or 2565-M01.")}) from error


class CorrectiveAction(Bilingual):
    """What an organisation will do about an indicator at risk or not achieved: an owner, a due date, a status."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="corrective_actions")
    org = models.ForeignKey(OrgUnit, verbose_name=_("organisation"), on_delete=models.CASCADE,
                            related_name="corrective_actions")
    title_th = models.CharField(_("title (Thai)"), max_length=1000)
    title_en = models.CharField(_("title (English)"), max_length=1000, blank=True)
    owner = models.ForeignKey(OrgUnit, verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="owned_actions")
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    opened_in = models.CharField(_("opened in period"), max_length=8, blank=True)
    extra = models.JSONField(NOTES, default=dict, blank=True)

    class Meta:
        ordering = ["due", "code"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return self._pick(self.title_th, self.title_en)

    def clean(self) -> None:
        if self.opened_in:
            try:
                self.opened_in = parse_period(self.opened_in).code
            except PeriodError as error:
                raise ValidationError({"opened_in": _("This is not a period such as 2565-Q1 or 2565-M01.")}) from error


def _valid(period: str) -> bool:
    try:
        parse_period(period)
    except PeriodError:
        return False
    return True

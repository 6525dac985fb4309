"""Django choices of the strategy cycle (planning.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanLevel(models.TextChoices):
    NATIONAL_STRATEGY = "national_strategy", _("National strategy")
    MASTER_PLAN = "master_plan", _("Master plan")
    NATIONAL_PLAN = "national_plan", _("National economic and social development plan")
    REGIONAL_PLAN = "regional_plan", _("Regional plan")
    PROVINCE_GROUP_PLAN = "province_group_plan", _("Province group plan")
    PROVINCE_PLAN = "province_plan", _("Province development plan")
    AGENCY_PLAN = "agency_plan", _("Agency plan")


class BudgetSource(models.TextChoices):
    PROVINCE = "province", _("Province budget")
    PROVINCE_GROUP = "province_group", _("Province group budget")
    AGENCY = "agency", _("Agency budget")
    LOCAL = "local", _("Local government budget")
    OTHER = "other", _("Other")


class ProjectKind(models.TextChoices):
    INVESTMENT = "investment", _("Investment")
    OPERATING = "operating", _("Operating")


class ProjectStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ProgressState(models.TextChoices):
    """Where a project's progress report is in its workflow (as results: draft → submitted → approved or returned).
    Rows loaded from the province workbook or written in the admin are approved."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")

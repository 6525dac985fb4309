from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    LINE = "line", _("LINE")


class ContactRole(models.TextChoices):
    REPORTER = "reporter", _("reporter")
    APPROVER = "approver", _("approver")
    ALL = "all", _("all")


class Status(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")

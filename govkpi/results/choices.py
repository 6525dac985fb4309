from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class Step(models.TextChoices):
    """What happened to a result, one history entry each."""

    CREATE = "create", _("Created")
    EDIT = "edit", _("Edited")
    SUBMIT = "submit", _("Submitted")
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned")
    REOPEN = "reopen", _("Reopened")
    EVIDENCE = "evidence", _("Evidence added")
    IMPORT = "import", _("Loaded from a workbook")

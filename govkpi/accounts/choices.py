from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Province administrator")
    REPORTER = "reporter", _("Reporter")
    APPROVER = "approver", _("Approver")
    VIEWER = "viewer", _("Viewer")


class Scope(models.TextChoices):
    """What an API token may do, within its user's roles (never more than the roles allow). Every token reads;
    ``write`` lets it enter, submit, approve and change data; ``tokens`` lets it create and revoke API tokens."""

    READ = "read", _("read")
    WRITE = "write", _("write")
    TOKENS = "tokens", _("create tokens")

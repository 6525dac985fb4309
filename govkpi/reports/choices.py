from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    PRESS_RELEASE = "press-release", _("Press release")
    ANNUAL = "annual", _("Annual report")
    MEETING = "meeting", _("Provincial committee meeting pack")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX (Word)"
    HTML = "html", "HTML"
    MD = "md", "Markdown"


class Digits(models.TextChoices):
    THAI = "thai", _("Thai digits")
    ARABIC = "arabic", _("Arabic digits")


class Language(models.TextChoices):
    TH = "th", _("Thai")
    EN = "en", _("English")

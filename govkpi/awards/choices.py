from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardCategory(models.TextChoices):
    ITA = "ita", _("ITA — Integrity and Transparency Assessment")
    GECC = "gecc", _("GECC — Government Easy Contact Center")
    PMQA = "pmqa", _("PMQA — Public Sector Management Quality Award")
    MORAL = "moral", _("Moral province, organisation and community")
    OTHER = "other", _("Other")

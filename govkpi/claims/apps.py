from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "govkpi.claims"
    label = "claims"
    verbose_name = _("Published claims")

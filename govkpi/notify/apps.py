from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "govkpi.notify"
    verbose_name = _("Notices")

    def ready(self) -> None:
        """The `contacts` workbook table (govkpi.workbook.schema): its model and its rule."""
        from .workbook import register

        register()

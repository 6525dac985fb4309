from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "govkpi.strategy"
    label = "strategy"
    verbose_name = _("Plans, projects and budgets")

    def ready(self) -> None:
        """The workbook's messages learn the strategy tables' codes (a problem is rendered from MESSAGES)."""
        from govkpi.workbook.messages import MESSAGES as WORKBOOK_MESSAGES

        from .messages import MESSAGES

        for code, text in MESSAGES.items():
            WORKBOOK_MESSAGES.setdefault(code, text)

"""govkpi awards-expiring [--days 90] [--format json|table] [--lang th|en]

Certificates with a validity period (GECC: 3 years, from the framework configuration) that have expired or expire
within the given days, for a daily job; ends with a one-line summary. Exits 1 when there is any.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from govkpi.awards.models import Award
from govkpi.awards.pages import ALERT_DAYS, expiry


def expiring(days: int, today: date) -> list[dict[str, Any]]:
    found = []
    for award in Award.objects.filter(date__isnull=False).select_related("recipient").order_by("date", "pk"):
        ends = expiry(award)
        if ends is not None and ends - today <= timedelta(days=days):
            found.append(
                {
                    "award": award.pk,
                    "fiscal_year": award.fiscal_year,
                    "category": award.category,
                    "title_th": award.title_th,
                    "recipient": award.recipient.code,
                    "level": award.level,
                    "expires": ends.isoformat(),
                    "expired": ends < today,
                }
            )
    return found


class Command(BaseCommand):
    help = "Certificates that have expired or expire soon (GECC: alert 90 days before)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=ALERT_DAYS)
        parser.add_argument("--format", choices=["json", "table"], default="table")
        parser.add_argument("--lang", choices=["th", "en"], default="th")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = expiring(options["days"], timezone.localdate())
        with translation.override(options["lang"]):
            if options["format"] == "json":
                self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            else:
                for row in rows:
                    self.stdout.write(f"{row['expires']}  {row['recipient']}  {row['title_th']}")
                expired = sum(row["expired"] for row in rows)
                self.stdout.write(
                    _("%(count)s certificates expired or expiring within %(days)s days (%(expired)s expired).")
                    % {"count": len(rows), "days": options["days"], "expired": expired}
                )
        if rows:
            raise SystemExit(1)

"""`govkpi check-data` — every stored row that the rules now refuse; exit 1 when there is any, 0 when clean.

`govkpi check-data --quality [--year 2565]` — instead, the data quality of a fiscal year (govkpi.results.quality):
reporting rates per organisation and per indicator (lowest first), the values that look unusual against their peers
or their own history, and the open follow-up flags; exit 0 (unusual is not wrong).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from govkpi.results.integrity import find_problems
from govkpi.results.quality import YearQuality, year_quality
from govkpi.scorecards.services import fiscal_years


class Command(BaseCommand):
    help = (
        "List every stored result, criterion and scoring policy that the rules now refuse (table, organisation, "
        "indicator, period, reason). Exit 1 when there is any, 0 when the data are clean."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=("table", "json"), default="table",
                            help="table (for people, the default) or json (one object per problem, in a list)")
        parser.add_argument("--lang", choices=("th", "en"), default="th", help="the language of the reasons")
        parser.add_argument("--quality", action="store_true",
                            help="print reporting rates, unusual values and open follow-up flags instead")
        parser.add_argument("--year", type=int, default=None,
                            help="the fiscal year (BE) of --quality; the latest with criteria by default")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["quality"]:
            with translation.override(options["lang"]):
                self._quality(options["year"], options["format"])
            return
        with translation.override(options["lang"]):
            found = [problem.as_dict() for problem in find_problems()]
            if options["format"] == "json":
                self.stdout.write(json.dumps(found, ensure_ascii=False, indent=1))
            elif not found:
                self.stdout.write(_("No stored row breaks a rule."))
            else:
                header = (_("table"), _("id"), _("organisation"), _("indicator"), _("period"), _("reason"))
                self.stdout.write("\t".join(header))
                for row in found:
                    self.stdout.write("\t".join(str(row[key] if row[key] is not None else "") for key in
                                                ("table", "id", "org", "indicator", "period", "reason")))
                self.stdout.write(_("%(count)s problems found; see `govkpi check-data --help`.")
                                  % {"count": len(found)})
        if found:
            self.stdout.flush()
            sys.exit(1)

    def _quality(self, year: int | None, form: str) -> None:
        years = fiscal_years()
        year = year if year is not None else (years[0] if years else None)
        if year is None:
            raise CommandError(_("No fiscal year has criteria yet."))
        report = year_quality(year, None, timezone.localdate(), shown=sys.maxsize)
        data = quality_dict(report)
        if form == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        self.stdout.write(_("Reporting rates by organisation, lowest first"))
        self._table((_("organisation"), _("reported"), _("results due"), _("rate")),
                    [(row["org"], row["reported"], row["expected"], _rate(row["rate"]))
                     for row in data["rates"]["organisations"]])
        self.stdout.write(_("Reporting rates by indicator, lowest first"))
        self._table((_("indicator"), _("reported"), _("results due"), _("rate")),
                    [(row["indicator"], row["reported"], row["expected"], _rate(row["rate"]))
                     for row in data["rates"]["indicators"]])
        self.stdout.write(_("Unusual values"))
        self._table((_("id"), _("organisation"), _("indicator"), _("period"), _("value"), _("reason")),
                    [(row["id"], row["org"], row["indicator"], row["period"], f"{row['value']:g}",
                      "; ".join(flag["text"] for flag in row["flags"])) for row in data["outliers"]])
        self.stdout.write(_("Open follow-up flags"))
        self._table((_("id"), _("organisation"), _("indicator"), _("period"), _("reason")),
                    [(row["id"], row["org"], row["indicator"], row["period"], row["reason"])
                     for row in data["follow_up"]])

    def _table(self, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        self.stdout.write("\t".join(header))
        for row in rows:
            self.stdout.write("\t".join(str(cell) for cell in row))
        self.stdout.write("")


def _rate(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.0f}%"


def quality_dict(report: YearQuality) -> dict[str, Any]:
    """The report as plain data (the --format json output)."""
    return {
        "fiscal_year": report.fiscal_year,
        "rates": {
            "organisations": [{"org": line.subject.code, "reported": line.reported, "expected": line.expected,
                               "rate": line.rate} for line in report.by_org],
            "indicators": [{"indicator": line.subject.code, "reported": line.reported, "expected": line.expected,
                            "rate": line.rate} for line in report.by_indicator],
        },
        "outliers": [{"id": item.row.pk, "org": item.org.code if item.org else "",
                      "indicator": item.indicator.code if item.indicator else "", "period": item.row.period.code,
                      "value": item.row.value,
                      "flags": [{"against": flag.against, "z": round(flag.z, 3), "median": flag.median,
                                 "count": flag.count, "text": flag.text} for flag in item.flags]}
                     for item in report.outliers],
        "outlier_count": report.outlier_count,
        "follow_up": [{"id": flag.result_id, "org": flag.result.org.code, "indicator": flag.result.indicator.code,
                       "period": flag.result.period, "reason": flag.reason, "set_by": flag.set_by_label,
                       "set_at": flag.set_at.isoformat()} for flag in report.flags],
    }

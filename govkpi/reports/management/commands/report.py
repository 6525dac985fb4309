"""`govkpi report press-release|annual --fiscal-year Y --format pdf|docx|html|md --out PATH`, and the provincial
committee's monthly pack: `govkpi report meeting --period 2565-M06|latest --format pdf|docx|html|md`. Its stages
(gathering the facts, rendering or making the PDF/DOCX file, publishing) go to stderr (:func:`for_command`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govkpi.ops.progress import for_command
from govkpi.reports.actions import generate_document
from govkpi.reports.generate import FORMATS, KINDS, build, render
from govkpi.reports.meetingfacts import MeetingError, check_month
from govkpi.reports.pdf import PdfError
from govkpi.reports.press import LAYOUTS
from govkpi.scorecards.services import ScorecardError, check_fiscal_year


class Command(BaseCommand):
    help = (
        "Write the press release or the annual report of a fiscal year, or the provincial committee's monthly "
        "pack of a month, generated from the records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument(
            "--fiscal-year", help="Buddhist-Era fiscal year, e.g. 2565 (the meeting pack takes it from --period)"
        )
        parser.add_argument(
            "--period", default="", help="meeting pack: the month, e.g. 2565-M06, or 'latest' (the latest month ended)"
        )
        parser.add_argument("--lang", choices=("th", "en"), default="th")
        parser.add_argument("--digits", choices=("thai", "arabic"), default="thai")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, required=True)
        parser.add_argument("--out", help="file to write")
        parser.add_argument("--publish", action="store_true", help="keep it and list it on the public site")
        parser.add_argument("--site-url", default="", help="site address for the links to the records")
        parser.add_argument(
            "--layout",
            choices=LAYOUTS,
            help="press release: a news release or the official letter (หนังสือราชการ); "
            "default GOVKPI_PRESS_LAYOUT, else release",
        )
        parser.add_argument("--letter-number", default="", help="letter layout: the document number (ที่)")
        parser.add_argument("--letter-to", default="", help="letter layout: the addressee (เรียน)")

    def handle(self, *args: Any, **options: Any) -> None:
        year, period = self.year_and_period(options)
        if options["kind"] == "annual" and options["fmt"] not in ("pdf", "html"):
            raise CommandError("the annual report is written as pdf or html")
        if options["layout"] and options["kind"] != "press-release":
            raise CommandError("--layout is for the press release")
        if not options["out"] and not options["publish"]:
            raise CommandError("give --out FILE, --publish or both")
        progress = for_command(self, options)
        try:
            if options["publish"]:
                saved = generate_document(
                    kind=options["kind"],
                    fiscal_year=year,
                    fmt=options["fmt"],
                    lang=options["lang"],
                    digits=options["digits"],
                    site_url=options["site_url"],
                    publish=True,
                    acting_user=None,
                    channel="cli",
                    layout=options["layout"],
                    letter_number=options["letter_number"],
                    letter_to=options["letter_to"],
                    period=period,
                    progress=progress,
                )
                data = bytes(saved.content)
                self.stdout.write(f"published {saved.filename} (document {saved.pk}) at /reports/")
            else:
                data = render(
                    build(
                        options["kind"],
                        year,
                        options["lang"],
                        options["digits"],
                        options["layout"],
                        options["letter_number"],
                        options["letter_to"],
                        period,
                        progress=progress,
                    ),
                    options["fmt"],
                    options["site_url"],
                    progress=progress,
                )
        except (PdfError, ScorecardError) as error:  # no Chromium; no organisation at all
            raise CommandError(str(error)) from error
        if options["out"]:
            out = Path(options["out"])
            out.write_bytes(data)
            self.stdout.write(f"{options['kind']} {period or year} ({options['fmt']}, {len(data):,} bytes) → {out}")

    def year_and_period(self, options: dict[str, Any]) -> tuple[int, str]:
        """The fiscal year and, for the meeting pack, the month (normalised); a bad one is a CommandError."""
        if options["kind"] != "meeting":
            if options["period"]:
                raise CommandError("--period is for the meeting pack; the other reports take --fiscal-year")
            if not options["fiscal_year"]:
                raise CommandError("give --fiscal-year, e.g. 2565")
            try:
                return check_fiscal_year(options["fiscal_year"]), ""
            except ScorecardError as error:
                raise CommandError(str(error)) from error
        if not options["period"]:
            raise CommandError("give --period, a month such as 2565-M06, or 'latest'")
        try:
            month = check_month(options["period"])
        except MeetingError as error:
            raise CommandError(str(error)) from error
        if options["fiscal_year"]:
            try:
                year = check_fiscal_year(options["fiscal_year"])
            except ScorecardError as error:
                raise CommandError(str(error)) from error
            if year != month.fiscal_year:
                raise CommandError(f"{month.code} is a month of fiscal year {month.fiscal_year}, not {year}")
        return month.fiscal_year, month.code

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govkpi.ops.progress import for_command
from govkpi.results.models import Result
from govkpi.synth.actions import load_synthetic, write_json
from govkpi.synth.generate import FISCAL_YEAR, SCALES
from govkpi.workbook.messages import WorkbookError


class Command(BaseCommand):
    help = "Deterministic synthetic data on the real admin areas: write it as a workbook or load it."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--fraction",
            type=float,
            default=1.0,
            help="keep this share of the reporting organisations' results (0 < f <= 1)",
        )
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--out", help="write a JSON workbook to this file")
        target.add_argument("--load", action="store_true", help="load into the database")

    def handle(self, *args, scale, seed, fraction, out=None, load=False, **options):
        if not 0 < fraction <= 1:
            raise CommandError(_("--fraction must be above 0 and at most 1."), returncode=2)
        progress = for_command(self, options)
        if out:
            report = write_json(out, scale, seed, fraction, progress=progress)
        else:
            if Result.objects.filter(fiscal_year=FISCAL_YEAR).exists():
                raise CommandError(
                    _("Fiscal year %(year)d already has results: load synthetic data into an empty database.")
                    % {"year": FISCAL_YEAR},
                    returncode=2,
                )
            try:
                report = load_synthetic(scale, seed, fraction, acting_user=None, channel="cli", progress=progress)
            except WorkbookError as error:
                raise CommandError(str(error), returncode=2) from error
        self.stdout.write(
            _(
                "Synthetic %(scale)s data (seed %(seed)d): %(orgs)d organisations, %(indicators)d "
                "indicators, %(results)d results, %(assessments)d assessments, %(projects)d projects with "
                "%(progress)d progress reports."
            )
            % {
                "scale": report.scale,
                "seed": report.seed,
                "orgs": report.organisations,
                "indicators": report.indicators,
                "results": report.results,
                "assessments": report.assessments,
                "projects": report.projects,
                "progress": report.project_progress,
            }
        )

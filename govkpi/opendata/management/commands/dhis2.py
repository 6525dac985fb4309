"""`govkpi dhis2 export --fiscal-year Y --mapping F --out F` and `govkpi dhis2 import FILE --mapping F [--dry-run]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govkpi.opendata.dhis2 import Dhis2Error, Mapping, export_values, import_values
from govkpi.scorecards.services import ScorecardError, check_fiscal_year
from govkpi.workbook.messages import WorkbookError


class Command(BaseCommand):
    help = "Exchange results with DHIS2 as dataValueSets JSON, through a code-mapping file."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="direction", required=True)
        out = actions.add_parser("export", help="write approved results as dataValueSets JSON")
        out.add_argument("--fiscal-year", required=True)
        out.add_argument("--mapping", required=True)
        out.add_argument("--out", required=True)
        read = actions.add_parser("import", help="load a dataValueSets JSON file as results")
        read.add_argument("file")
        read.add_argument("--mapping", required=True)
        read.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            mapping = Mapping.read(options["mapping"])
            if options["direction"] == "export":
                exported = export_values(check_fiscal_year(options["fiscal_year"]), mapping)
                text = json.dumps(exported.document, ensure_ascii=False, indent=1) + "\n"
                Path(options["out"]).write_text(text, encoding="utf-8")
                self.stdout.write(
                    f"{len(exported.document['dataValues'])} data values → {options['out']}"
                    f" ({exported.skipped} results without a mapping left out)"
                    + (f"; {exported.refused} results that break the rules left out (see govkpi check-data)"
                       if exported.refused else "")
                )
                return
            document = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
            report, imported = import_values(
                document, mapping, acting_user=None, channel="cli", dry_run=options["dry_run"]
            )
        except WorkbookError as failure:
            for line in failure.messages():
                self.stderr.write(line)
            raise CommandError(str(failure)) from failure
        except (Dhis2Error, ScorecardError, OSError, ValueError) as failure:
            raise CommandError(str(failure)) from failure
        counts = report.tables.get("results")
        done = "would load" if options["dry_run"] else "loaded"
        self.stdout.write(f"{len(imported.rows)} data values {done}: {counts.as_dict() if counts else {}}")

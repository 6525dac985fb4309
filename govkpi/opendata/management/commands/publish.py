"""`govkpi publish ckan --url URL --api-key-file F --org ORG [--dry-run]` and
`govkpi publish datapackage --out DIR`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from govkpi.opendata.actions import publish_to_ckan
from govkpi.opendata.ckan import CkanError, Client
from govkpi.opendata.formats import data_package
from govkpi.ops.progress import for_command
from govkpi.scorecards.services import ScorecardError, root_org


class Command(BaseCommand):
    help = "Publish the open datasets: to a CKAN portal, or as a Frictionless data package in a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        targets = parser.add_subparsers(dest="target", required=True)
        ckan = targets.add_parser("ckan", help="create or update datasets on a CKAN portal")
        ckan.add_argument("--url", required=True, help="the portal, e.g. https://data.go.th")
        ckan.add_argument("--api-key-file", required=True, help="a file holding the API token")
        ckan.add_argument("--org", required=True, help="the CKAN organisation (owner_org)")
        ckan.add_argument("--prefix", default="", help="dataset name prefix (default: govkpi-<province code>)")
        ckan.add_argument("--maintainer", default="")
        ckan.add_argument("--maintainer-email", default="")
        ckan.add_argument("--metadata", help="JSON file of extra catalogue fields (objective, data_type, …)")
        ckan.add_argument("--fiscal-year", help="only this fiscal year's rows")
        ckan.add_argument("--dry-run", action="store_true", help="print the payloads; send nothing")
        package = targets.add_parser("datapackage", help="write datapackage.json and the CSVs to a folder")
        package.add_argument("--out", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            province = root_org()
        except ScorecardError as failure:
            raise CommandError(str(failure)) from failure
        progress = for_command(self, options)  # stage lines on stderr: stdout (the dry run's JSON lines) stays as is
        if options["target"] == "datapackage":
            out = Path(options["out"])
            out.mkdir(parents=True, exist_ok=True)
            with progress.stage(_("building the open data files")) as bar:
                files = data_package(f"govkpi-{province.code}", province.name_th)
                bar.advance(len(files))
            with progress.stage(_("writing the open data files"), total=len(files)) as bar:
                for name, content in files.items():
                    (out / name).write_bytes(content)
                    bar.advance()
            self.stdout.write(f"data package: {len(files) - 1} resources → {out / 'datapackage.json'}")
            return
        key = Path(options["api_key_file"]).read_text(encoding="utf-8").strip()
        extra = json.loads(Path(options["metadata"]).read_text(encoding="utf-8")) if options["metadata"] else {}
        filters = {"fiscal_year": options["fiscal_year"]} if options["fiscal_year"] else None
        client = None if options["dry_run"] else Client(options["url"], key)
        try:
            with progress.stage(_("publishing to CKAN")) as bar:
                plan = publish_to_ckan(
                    client,
                    acting_user=None,
                    channel="cli",
                    portal=options["url"],
                    org=options["org"],
                    prefix=options["prefix"] or f"govkpi-{province.code}",
                    publisher=province.name_th,
                    maintainer=options["maintainer"],
                    maintainer_email=options["maintainer_email"],
                    source=options["url"],
                    extra=extra,
                    filters=filters,
                )
                bar.advance(len(plan.calls))
        except (CkanError, OSError) as failure:
            raise CommandError(str(failure)) from failure
        if options["dry_run"]:
            for call in plan.calls:
                shown = dict(call.payload)
                if call.upload:
                    shown["upload"] = f"<{call.upload[0]}, {len(call.upload[1]):,} bytes>"
                self.stdout.write(json.dumps({"action": call.action, "payload": shown}, ensure_ascii=False))
            return
        self.stdout.write(
            f"CKAN {options['url']}: {len(plan.created)} created, {len(plan.updated)} updated, "
            f"{sum(c.action == 'resource_create' for c in plan.calls)} files uploaded"
        )

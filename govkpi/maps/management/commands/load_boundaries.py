from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govkpi.core.geometry import GeometryError
from govkpi.maps.actions import MAX_BYTES, load_boundaries
from govkpi.maps.errors import error_text


class Command(BaseCommand):
    help = "Load area boundaries (districts, subdistricts) for the maps from a GeoJSON FeatureCollection."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .geojson file whose features carry official area codes")
        parser.add_argument("--replace", action="store_true", help="remove every boundary loaded before")
        parser.add_argument("--attribution", default="", help="owner and licence of the data, shown under the maps")

    def handle(self, *args, file, replace=False, attribution="", **options):
        path = Path(file)
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise GeometryError("too_large", f"{size} bytes", {"size": size, "limit": MAX_BYTES})
            counts = load_boundaries(
                path.read_bytes(),
                source=path.name,
                replace=replace,
                acting_user=None,
                channel="cli",
                attribution=attribution,
            )
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        except GeometryError as error:
            raise CommandError(f"{path.name}: {error_text(error)}") from error
        self.stdout.write(_("Boundaries: %(loaded)d loaded, %(removed)d removed.") % counts)

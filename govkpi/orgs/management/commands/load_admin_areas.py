from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govkpi.orgs.actions import load_admin_areas


class Command(BaseCommand):
    help = "Create or update provinces, districts and subdistricts from the official admin-area data."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="only this province, by its two-digit code (Phrae: 54)")

    def handle(self, *args, province=None, **options):
        try:
            counts = load_admin_areas(province=province, acting_user=None, channel="cli")
        except ValueError as error:
            raise CommandError(_("No province with code %(code)s in the admin-area data.") % {"code": error}) from error
        self.stdout.write(_("Admin areas: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % counts)

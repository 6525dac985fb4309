from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govkpi.demo.actions import ensure_demo_admin, load_demo
from govkpi.workbook.messages import WorkbookError

ADDRESS = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "Load the Phrae fiscal-year 2565 demo workbook (illustrative goals; facts from the 2565 press release)."

    def add_arguments(self, parser):
        parser.add_argument("--with-admin", action="store_true", help="also create the demo administrator")

    def handle(self, *args, with_admin=False, **options):
        try:
            report = load_demo()
        except WorkbookError as error:  # the shipped workbook is tested; this guards a broken install
            raise CommandError(str(error), returncode=2) from error
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for table in report.tables.values():
            for key, value in table.as_dict().items():
                counts[key] += value
        self.stdout.write(_("Phrae FY 2565 demo: %(created)d rows created, %(updated)d updated, "
                            "%(unchanged)d unchanged.") % counts)
        if with_admin:
            username, password = ensure_demo_admin()
            self.stdout.write("")
            self.stdout.write(_("govkpi is at %(address)s") % {"address": ADDRESS})
            self.stdout.write(_("Administration: %(address)sadmin/  user: %(user)s  password: %(password)s")
                              % {"address": ADDRESS, "user": username, "password": password})
            self.stdout.write("")

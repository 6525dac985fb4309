"""export → saved by LibreOffice without an edit → load: nothing changes (numbers to 15 significant digits)."""

import pytest

from govkpi.workbook.actions import load_workbook
from govkpi.workbook.export import export_workbook
from tests.libreoffice import copy_as, resave

from .conftest import base, write_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def seventeen_digits(tmp_path, db):
    """The base workbook with a value LibreOffice cannot keep whole (175/268 as percent: 17 digits)."""
    tables = base()
    tables["results"][0]["value"] = 17500 / 268
    tables["results"][1]["value"] = 0.1 + 0.2
    load_workbook(write_json(tmp_path / "w.json", tables))


def _nothing_changes(path):
    report = load_workbook(path, dry_run=True)
    changed = {name: (counts.created, counts.updated) for name, counts in report.tables.items()
               if counts.created or counts.updated}
    assert changed == {}


@pytest.mark.parametrize(("exported", "saved_as"), [(".xlsx", "xlsx"), (".ods", "ods"), (".xlsx", "ods"),
                                                    (".ods", "xlsx")])
def test_a_workbook_saved_by_libreoffice_loads_as_zero_changes(tmp_path, seventeen_digits, exported, saved_as):
    first = tmp_path / f"export{exported}"
    export_workbook(first)
    source = copy_as(first, f"in{exported}", tmp_path / "in")
    _nothing_changes(resave(source, saved_as, tmp_path / "out"))

"""Excel workbooks: one sheet per table, numbers Excel stored as floats, date cells, empty rows, x_ columns."""

from datetime import date, datetime

import pytest

from govkpi.awards.models import Award
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Criterion
from govkpi.results.models import Result
from govkpi.workbook.actions import load_workbook

from .conftest import BASE, base, write_xlsx

pytestmark = pytest.mark.django_db


def test_it_loads_the_base_workbook(tmp_path):
    report = load_workbook(write_xlsx(tmp_path / "w.xlsx", BASE))
    assert {name: counts.created for name, counts in report.tables.items()} == {
        name: len(rows) for name, rows in BASE.items()
    }
    assert OrgUnit.objects.get(code="5402").extra == {"x_note": "ภาคเหนือ"}


def test_excel_numbers_dates_and_empty_rows(tmp_path):
    tables = base()
    tables["org_units"][0]["code"] = 54.0  # a code typed as a number
    for row in tables["org_units"][1:]:
        row["parent"] = 54
    tables["criteria"][0]["fiscal_year"] = 2565.0
    tables["awards"][0]["date"] = datetime(2022, 9, 20)

    def blank_rows(book):
        book["results"].insert_rows(3, amount=2)

    load_workbook(write_xlsx(tmp_path / "w.xlsx", tables, blank_rows))
    assert OrgUnit.objects.get(code="5401").parent.code == "54"
    assert Criterion.objects.filter(fiscal_year=2565).count() == 2
    assert Award.objects.get().date == date(2022, 9, 20)
    assert Result.objects.count() == 4

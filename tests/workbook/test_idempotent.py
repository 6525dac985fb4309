"""Loading the same file twice changes nothing and says so; changing one cell updates one row."""

import pytest

from govkpi.audit.models import AuditEvent
from govkpi.orgs.models import OrgUnit
from govkpi.results.models import Result
from govkpi.workbook.actions import load_workbook

from .conftest import BASE, base, counts, write_json, write_xlsx, write_yaml

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("write", [write_json, write_yaml, write_xlsx], ids=["json", "yaml", "xlsx"])
def test_a_second_load_leaves_everything_unchanged(tmp_path, write):
    suffix = {write_json: "json", write_yaml: "yaml", write_xlsx: "xlsx"}[write]
    path = write(tmp_path / f"w.{suffix}", BASE)
    load_workbook(path)
    stamps = dict(Result.objects.values_list("pk", "updated_at"))
    before = counts()
    report = load_workbook(path)
    assert all(c.created == 0 and c.updated == 0 for c in report.tables.values())
    assert {name: c.unchanged for name, c in report.tables.items()} == {name: len(rows) for name, rows in BASE.items()}
    assert counts() == before
    assert dict(Result.objects.values_list("pk", "updated_at")) == stamps


def test_one_changed_cell_updates_one_row(tmp_path, loaded):
    tables = base()
    tables["results"][1]["value"] = 81
    report = load_workbook(write_json(tmp_path / "w.json", tables))
    assert (report.tables["results"].updated, report.tables["results"].unchanged) == (1, 3)
    assert Result.objects.get(period="2565-Q2").value == 81
    assert AuditEvent.objects.filter(action="workbook.load").count() == 2


def test_a_changed_note_is_an_update(tmp_path, loaded):
    tables = base()
    tables["org_units"][2]["x_note"] = "ภาคเหนือตอนบน"
    report = load_workbook(write_json(tmp_path / "w.json", tables))
    assert report.tables["org_units"].updated == 1


def test_keys_of_extra_that_are_not_x_columns_are_kept(tmp_path, loaded):
    OrgUnit.objects.filter(code="5402").update(extra={"x_note": "ภาคเหนือ", "source": "admin-areas"})
    report = load_workbook(write_json(tmp_path / "w.json", BASE))
    assert report.tables["org_units"].unchanged == 3
    tables = base()
    tables["org_units"][2]["x_note"] = "ใหม่"
    load_workbook(write_json(tmp_path / "w2.json", tables))
    assert OrgUnit.objects.get(code="5402").extra == {"x_note": "ใหม่", "source": "admin-areas"}

"""YAML workbooks: codes stay text even where YAML 1.1 would read a number (054, 8.10)."""

import pytest

from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Goal
from govkpi.workbook.actions import load_workbook

from .conftest import BASE, write_yaml

pytestmark = pytest.mark.django_db


def test_it_loads_the_base_workbook(tmp_path):
    report = load_workbook(write_yaml(tmp_path / "w.yaml", BASE))
    assert report.tables["results"].created == 4


def test_codes_keep_their_leading_zeros_and_trailing_digits(tmp_path):
    text = (
        "org_units:\n"
        "- {code: 054, name_th: หน่วย, kind: other, x_count: 5, x_flag: no}\n"
        "goals:\n"
        "- {code: G1, title_th: เป้า, sdg: 8.10}\n"
    )
    path = tmp_path / "w.yml"
    path.write_text(text, encoding="utf-8")
    load_workbook(path)
    org = OrgUnit.objects.get()
    assert org.code == "054"
    assert org.extra == {"x_count": 5, "x_flag": "no"}
    assert Goal.objects.get().sdg == ["8.10"]

"""DHIS2 exchange: October financial years written as DHIS2 writes them, export through a code mapping, and a
round trip that loads the same values back."""

import io
import json

import pytest
import yaml
from django.core.management import CommandError, call_command

from govkpi.opendata.dhis2 import from_dhis2_period, to_dhis2_period
from govkpi.results.models import Result

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("govkpi", "dhis2"),
    [
        ("2565", "2021Oct"),
        ("2565-Q1", "2021Q4"),
        ("2565-Q2", "2022Q1"),
        ("2565-Q4", "2022Q3"),
        ("2565-M01", "202110"),
        ("2565-M12", "202209"),
        ("2565-H1", "2021AprilS2"),
        ("2565-H2", "2022AprilS1"),
    ],
)
def test_periods_are_dhis2_period_ids_and_back(govkpi, dhis2):
    assert to_dhis2_period(govkpi) == dhis2
    assert from_dhis2_period(dhis2) == govkpi


def test_an_unknown_period_type_is_an_error():
    with pytest.raises(ValueError, match="2022W05"):
        from_dhis2_period("2022W05")


@pytest.fixture
def mapping(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "dataElements": {"G10-1": "deITAscore1", "G01-1": "deHotspot01"},
                "orgUnits": {"54": "ouPhrae0054", "5401": "ouMuang5401"},
                "categoryOptionCombo": "HllvX50cXC0",
            }
        ),
        encoding="utf-8",
    )
    return path


def test_export_writes_mapped_values_only(demo, db, mapping, tmp_path):
    out = tmp_path / "values.json"
    said = io.StringIO()
    call_command("dhis2", "export", "--fiscal-year", "2565", "--mapping", str(mapping), "--out", str(out), stdout=said)
    values = json.loads(out.read_text())["dataValues"]
    expected = Result.objects.filter(
        fiscal_year=2565,
        status="approved",
        value__isnull=False,
        indicator__code__in=["G10-1", "G01-1"],
        org__code__in=["54", "5401"],
    ).count()
    assert len(values) == expected > 0
    ita = next(v for v in values if v["dataElement"] == "deITAscore1")
    assert ita == {
        **ita,
        "orgUnit": "ouPhrae0054",
        "period": "2021Oct",
        "value": "99.15",
        "categoryOptionCombo": "HllvX50cXC0",
    }
    assert "left out" in said.getvalue()


def test_importing_the_export_changes_nothing_and_new_values_load(demo, db, mapping, tmp_path):
    out = tmp_path / "values.json"
    call_command(
        "dhis2", "export", "--fiscal-year", "2565", "--mapping", str(mapping), "--out", str(out), stdout=io.StringIO()
    )
    said = io.StringIO()
    call_command("dhis2", "import", str(out), "--mapping", str(mapping), stdout=said)
    assert "'created': 0, 'updated': 0" in said.getvalue()
    document = {
        "dataValues": [{"dataElement": "deHotspot01", "period": "2022Q4", "orgUnit": "ouMuang5401", "value": "12"}]
    }
    (tmp_path / "new.json").write_text(json.dumps(document))
    call_command("dhis2", "import", str(tmp_path / "new.json"), "--mapping", str(mapping), stdout=io.StringIO())
    assert Result.objects.get(indicator__code="G01-1", org__code="5401", period="2566-Q1").value == 12


def test_an_unmapped_data_element_loads_nothing(demo, db, mapping, tmp_path):
    document = {"dataValues": [{"dataElement": "unknown", "period": "2021Oct", "orgUnit": "ouPhrae0054", "value": "1"}]}
    (tmp_path / "bad.json").write_text(json.dumps(document))
    before = Result.objects.count()
    with pytest.raises(CommandError, match="no mapping"):
        call_command("dhis2", "import", str(tmp_path / "bad.json"), "--mapping", str(mapping), stdout=io.StringIO())
    assert Result.objects.count() == before

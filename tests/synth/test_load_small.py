"""`govkpi synth --scale small --load` loads one province through the validated workbook path, audited."""

import io
import json

import pytest
from django.core.management import call_command

from govkpi.audit.models import AuditEvent
from govkpi.orgs.models import OrgUnit
from govkpi.results.models import Result

pytestmark = pytest.mark.django_db


def test_the_command_loads_phrae_with_its_local_governments_and_offices():
    out = io.StringIO()
    call_command("synth", scale="small", load=True, stdout=out)
    assert OrgUnit.objects.get(code="54").kind == "province"
    assert OrgUnit.objects.filter(kind="district").count() == 8
    assert OrgUnit.objects.filter(kind="sao").exists()
    assert OrgUnit.objects.filter(kind="provincial_office").count() == 12
    assert Result.objects.count() > 10_000
    assert str(Result.objects.count()) in out.getvalue()
    assert AuditEvent.objects.filter(action="synth.load").count() == 1


def test_the_command_writes_a_workbook_that_loads(tmp_path):
    path = tmp_path / "small.json"
    call_command("synth", scale="small", out=str(path), stdout=io.StringIO())
    book = json.loads(path.read_text(encoding="utf-8"))
    assert {"org_units", "goals", "indicators", "criteria", "assessments", "results"} <= set(book)
    call_command("load", str(path), stdout=io.StringIO())
    assert Result.objects.count() == len(book["results"])


def test_a_fraction_out_of_range_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("synth", scale="small", load=True, fraction=0, stdout=io.StringIO())


def test_loading_into_a_database_that_has_results_of_the_year_is_refused():
    from django.core.management.base import CommandError

    call_command("synth", scale="small", load=True, stdout=io.StringIO())
    with pytest.raises(CommandError, match="2565"):
        call_command("synth", scale="small", load=True, stdout=io.StringIO())

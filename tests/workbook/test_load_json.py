"""Loading a JSON workbook stores every table, with values converted as workbook.md says."""

from datetime import date

import pytest

from govkpi.assessments.models import Assessment
from govkpi.awards.models import Award
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Criterion, Goal, Indicator, ScoringPolicy
from govkpi.results.models import Result
from govkpi.workbook.actions import load_workbook

from .conftest import BASE, base, run, write_json

pytestmark = pytest.mark.django_db


def test_it_reports_what_it_created(tmp_path):
    status, out, err = run("load", str(write_json(tmp_path / "w.json", BASE)), "--lang", "en")
    assert status == 0, err
    assert "org_units: 3 created, 0 updated, 0 unchanged" in out
    assert "results: 4 created, 0 updated, 0 unchanged" in out


def test_it_builds_the_tree_with_paths_and_groups(loaded):
    province, district = OrgUnit.objects.get(code="54"), OrgUnit.objects.get(code="5401")
    assert district.parent == province
    assert district.path.startswith(province.path) and district.depth == province.depth + 1
    assert list(province.groups.values_list("code", flat=True)) == ["regional_administration"]
    assert OrgUnit.objects.get(code="5402").extra == {"x_note": "ภาคเหนือ"}


def test_a_parent_may_come_after_its_child(tmp_path, db):
    orgs = [dict(BASE["org_units"][1]), dict(BASE["org_units"][0])]
    load_workbook(write_json(tmp_path / "w.json", {"org_units": orgs}))
    assert OrgUnit.objects.get(code="5401").parent.code == "54"


def test_it_stores_plans(loaded):
    goal = Goal.objects.get(code="G01")
    assert goal.sdg == ["8.5", "1.2"] and goal.owner.code == "54"
    ratio = Indicator.objects.get(code="G01-2")
    assert (ratio.aggregation, ratio.multiplier, ratio.period_type) == ("ratio", 100.0, "year")
    assert Indicator.objects.get(code="G01-1").period_type == "quarter"  # the default
    assert sorted(Indicator.objects.get(code="G01-1").responsible.values_list("code", flat=True)) == ["5401", "5402"]
    override = Criterion.objects.get(indicator__code="G01-2")
    assert override.org.code == "5401" and override.thresholds == (20, 15, 10, 5, 0)
    assert ScoringPolicy.objects.get(fiscal_year=2565).achieved_from == 3.0


def test_results_take_numbers_status_and_fiscal_year(loaded):
    q1 = Result.objects.get(indicator__code="G01-1", period="2565-Q1")
    assert (q1.value, q1.status, q1.fiscal_year) == (1234.5, "approved", 2565)
    whole = Result.objects.get(indicator__code="G01-1", period="2565")
    assert whole.status == "submitted"  # a whole-year result stands beside quarters
    ratio = Result.objects.get(indicator__code="G01-2")
    assert (ratio.numerator, ratio.denominator, ratio.value) == (3, 200, 1.5)


def test_assessments_and_awards(loaded):
    ita = Assessment.objects.get(framework="ita")
    assert ita.components == {"IIT": 29.85, "EIT": 29.3, "OIT": 40}
    assert (ita.score, ita.rank) == (99.15, 2)
    assert Award.objects.get().date == date(2022, 9, 20)


def test_thai_digits_and_normalised_periods(tmp_path, loaded):
    rows = [{"indicator": "G01-1", "org": "5402", "period": "๒๕๖๕-m๑", "value": "๑,๒๓๔.๕"}]
    load_workbook(write_json(tmp_path / "w.json", {"results": rows}))
    result = Result.objects.get(org__code="5402", indicator__code="G01-1")
    assert (result.period, result.value) == ("2565-M01", 1234.5)


def test_a_ratio_result_may_leave_the_value_empty(tmp_path, loaded):
    rows = [{"indicator": "G01-2", "org": "5401", "period": "2565", "numerator": 1, "denominator": 4}]
    load_workbook(write_json(tmp_path / "w.json", {"results": rows}))
    assert Result.objects.get(indicator__code="G01-2", org__code="5401").value is None


def test_rows_not_in_the_file_are_left_alone(tmp_path, loaded):
    tables = base(results=[{"indicator": "G01-1", "org": "5401", "period": "2565-Q1", "value": 7}])
    del tables["org_units"][2]
    report = load_workbook(write_json(tmp_path / "w.json", tables))
    assert report.tables["results"].updated == 1
    assert Result.objects.count() == 4 and OrgUnit.objects.filter(code="5402").exists()


def test_an_update_replaces_the_peer_groups(tmp_path, loaded):
    orgs = [dict(BASE["org_units"][0], groups="lao;pao")]
    report = load_workbook(write_json(tmp_path / "w.json", {"org_units": orgs}))
    assert report.tables["org_units"].updated == 1
    assert sorted(OrgUnit.objects.get(code="54").groups.values_list("code", flat=True)) == ["lao", "pao"]


def test_moving_an_organisation_rebuilds_paths(tmp_path, loaded):
    orgs = [dict(BASE["org_units"][2], parent="5401")]
    load_workbook(write_json(tmp_path / "w.json", {"org_units": orgs}))
    moved, parent = OrgUnit.objects.get(code="5402"), OrgUnit.objects.get(code="5401")
    assert moved.path.startswith(parent.path) and moved.depth == 2

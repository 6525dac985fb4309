"""The year's minimum coverage for rankings (policy ``min_coverage``): the model, the admin form, the workbook."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from govkpi.plans.admin import ScoringPolicyAdmin
from govkpi.plans.models import ScoringPolicy
from govkpi.scorecards.services import score_org
from govkpi.workbook.actions import load_workbook
from govkpi.workbook.export import export_workbook
from govkpi.workbook.schema import SCORING_POLICY

from ..workbook.conftest import base, write_json
from .builders import make_policy

pytestmark = pytest.mark.django_db


def test_a_policy_row_without_a_minimum_ranks_every_score():
    assert ScoringPolicy(fiscal_year=2565).min_coverage == 0
    assert ScoringPolicy(fiscal_year=2565).as_policy().min_coverage == 0


@pytest.mark.parametrize("value", [-0.5, 1.5, 60.0])
def test_a_minimum_outside_0_to_1_is_an_error_of_its_field(value):
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            ScoringPolicy(fiscal_year=2565, min_coverage=value).clean()
        assert caught.value.message_dict == {
            "min_coverage": ["The minimum coverage must be a share from 0 to 1 (for example 0.5 for 50%)."]}


def test_the_admin_form_offers_the_field(admin_client):
    assert "min_coverage" in ScoringPolicyAdmin.list_display
    response = admin_client.get("/admin/plans/scoringpolicy/add/")
    assert response.status_code == 200 and 'name="min_coverage"' in response.content.decode()


def test_the_scorecard_carries_the_minimum_in_its_policy(phrae):
    make_policy(2565, min_coverage=0.5)
    assert score_org(2565, phrae.orgs["54"])["policy"]["min_coverage"] == 0.5


def test_the_workbook_loads_and_exports_the_minimum(tmp_path):
    assert SCORING_POLICY.column_names[6] == "min_coverage"  # appended after the first six (require_commentary follows)
    tables = base()
    tables["scoring_policy"][0]["min_coverage"] = 0.4
    load_workbook(write_json(tmp_path / "in.json", tables))
    assert ScoringPolicy.objects.get(fiscal_year=2565).min_coverage == 0.4
    export_workbook(tmp_path / "out.json")
    rows = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["scoring_policy"]
    assert rows[0]["min_coverage"] == 0.4


def test_a_workbook_without_the_column_keeps_no_minimum(tmp_path):
    load_workbook(write_json(tmp_path / "in.json", base()))
    assert ScoringPolicy.objects.get(fiscal_year=2565).min_coverage == 0


def test_a_stored_minimum_outside_0_to_1_never_breaks_a_page(client, phrae):
    """Written some other way (SQL, an older loader): the defaults are used and the page says so."""
    ScoringPolicy.objects.create(fiscal_year=2565, min_coverage=60)
    card = score_org(2565, phrae.orgs["54"])
    assert card["policy_problem"]["params"]["field"] == "min_coverage"
    assert client.get("/rankings/").status_code == 200

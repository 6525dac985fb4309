"""Organisations are listed best first; a score of 0 is a score, and those without one come last."""

import pytest

from govkpi.assessments.models import Assessment
from govkpi.assessments.services import assess
from govkpi.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_a_zero_score_ranks_above_no_score(ita):
    parent = ita["54"]
    for code, score, level in (("54-Z", 0.0, ""), ("54-N", None, "F")):
        org = OrgUnit.objects.create(code=code, name_th=code, kind="sao", parent=parent)
        Assessment.objects.create(framework="ita", fiscal_year=2565, org=org, score=score, level=level)
    orgs = [row["org"] for row in assess("ita", 2565)["organisations"]]
    assert orgs[-2:] == ["54-Z", "54-N"]
    assert orgs[0] == "54"

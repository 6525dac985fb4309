"""The store gives the computed cards also when organisations have their own criteria and the year its own policy."""

import pytest

from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator, ScoringPolicy
from govkpi.scorecards.incremental import materialise, policy_and_store
from govkpi.scorecards.services import score_org
from tests.scorecards.builders import make_criterion

from .builders import YEAR, live_card, load_small, same

pytestmark = pytest.mark.django_db


def test_own_criteria_and_a_step_policy_give_the_same_cards(db):
    load_small()
    district = OrgUnit.objects.get(code="5401")
    indicator = Indicator.objects.filter(aggregation="sum", direction="higher_is_better").order_by("code").first()
    make_criterion(YEAR, indicator, org=district, weight=9, levels=(1.0, 2.0, 3.0, 4.0, 5.0))
    ScoringPolicy.objects.create(fiscal_year=YEAR, interpolation="step", missing="zero", floor=1.0)
    materialise(YEAR, acting_user=None, channel="cli")
    assert policy_and_store(YEAR)[1] is True
    for org in OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code="54").path):
        assert same(score_org(YEAR, org), live_card(org)), org.code
    card = score_org(YEAR, district)
    row = next(row for row in card["indicators"] if row["code"] == indicator.code)
    assert (row["weight"], row["criteria"]) == (9, "org")

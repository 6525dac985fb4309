"""A write that is not followed by a refresh makes the store stale: scorecards are then computed, never stale."""

import pytest

from govkpi.audit.actions import record
from govkpi.orgs.models import OrgUnit
from govkpi.results.models import Result
from govkpi.scorecards.incremental import materialise, policy_and_store
from govkpi.scorecards.services import score_org

from .builders import YEAR, live_card, load_small, same

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored():
    load_small()
    materialise(YEAR, acting_user=None, channel="cli")


def test_an_audited_change_to_a_result_makes_the_store_stale(stored):
    result = Result.objects.filter(value__isnull=False).order_by("pk").first()
    Result.objects.filter(pk=result.pk).update(value=result.value * 3)
    record(
        acting_user=None,
        channel="admin",
        action="results.result.change",
        object_type="results.result",
        object_key=str(result.pk),
    )
    assert policy_and_store(YEAR)[1] is False
    org = OrgUnit.objects.get(code="54")
    assert same(score_org(YEAR, org), live_card(org))


def test_an_award_does_not_make_the_store_stale(stored):
    record(acting_user=None, channel="admin", action="awards.award.add", object_type="awards.award", object_key="x")
    assert policy_and_store(YEAR)[1] is True

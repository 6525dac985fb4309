"""Scorecards read from the score store are exactly the scorecards computed from the results."""

import pytest

from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.incremental import materialise, policy_and_store
from govkpi.scorecards.services import root_org, score_org

from .builders import YEAR, live_card, load_small, same

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored():
    load_small()
    materialise(YEAR, acting_user=None, channel="cli")


def test_the_store_is_current_right_after_materialising(stored):
    assert policy_and_store(YEAR)[1] is True


def test_every_organisations_card_from_the_store_equals_the_computed_one(stored):
    orgs = list(OrgUnit.objects.all())
    assert len(orgs) > 150
    for org in orgs:
        assert same(score_org(YEAR, org), live_card(org)), org.code


def test_a_card_from_the_store_takes_three_queries_whatever_the_subtree(stored, django_assert_num_queries):
    root = root_org()
    score_org(YEAR, root)  # the year's criteria, read once per process while the data version stands
    for org in (root, *root.children.all()[:3]):
        # the policy and the store's state, the newest audit event (are the criteria current?), the values
        with django_assert_num_queries(3):
            card = score_org(YEAR, org)
        assert card["overall"]["score"] is not None


def test_without_a_store_the_card_is_computed(db):
    load_small()
    assert policy_and_store(YEAR)[1] is False
    root = root_org()
    assert same(score_org(YEAR, root), live_card(root))

"""After an approval, `refresh_after_change` brings the stored values of the organisation and its ancestors up to
date without recomputing the year, and cards from the store equal the computed ones again."""

import pytest

from govkpi.audit.actions import record
from govkpi.orgs.models import OrgUnit
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result
from govkpi.scorecards.incremental import materialise, policy_and_store, refresh_after_change
from govkpi.scorecards.models import StoredValues
from govkpi.scorecards.services import score_org

from .builders import YEAR, live_card, load_small, same

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored():
    load_small()
    materialise(YEAR, acting_user=None, channel="cli")


def approve(result: Result, **values: float) -> None:
    """What the results workflow does: write, record the approval, then refresh."""
    Result.objects.filter(pk=result.pk).update(status=ResultStatus.APPROVED, **values)
    record(
        acting_user=None,
        channel="web",
        action="results.approve",
        object_type="results.result",
        object_key=str(result.pk),
    )
    assert refresh_after_change(YEAR, [result.org_id], [result.indicator_id]) is True


def chain(org: OrgUnit) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(pk__in=org.ancestor_ids()))


def test_a_changed_value_reaches_the_organisation_and_every_ancestor(stored):
    result = Result.objects.filter(value__isnull=False, org__kind="subdistrict").order_by("pk").first()
    before = score_org(YEAR, OrgUnit.objects.get(code="54"))
    approve(result, value=result.value * 5 + 100)
    assert policy_and_store(YEAR)[1] is True
    for org in chain(result.org):
        assert same(score_org(YEAR, org), live_card(org)), org.code
    assert score_org(YEAR, OrgUnit.objects.get(code="54")) != before


def test_a_ratio_changed_in_an_office_reaches_the_province(stored):
    result = Result.objects.filter(numerator__isnull=False, org__kind="provincial_office").order_by("pk").first()
    approve(result, numerator=0)
    for org in chain(result.org):
        assert same(score_org(YEAR, org), live_card(org)), org.code


def test_a_newly_approved_result_of_an_organisation_without_values_is_stored(stored):
    submitted = Result.objects.filter(org__kind="sao").order_by("pk").first()
    org = submitted.org
    Result.objects.filter(org=org).update(status=ResultStatus.SUBMITTED)
    record(acting_user=None, channel="web", action="results.return", object_type="results.result", object_key="-")
    materialise(YEAR, acting_user=None, channel="cli")
    assert not StoredValues.objects.filter(fiscal_year=YEAR, org=org).exists()
    approve(submitted)
    assert StoredValues.objects.filter(fiscal_year=YEAR, org=org).exists()
    for node in chain(org):
        assert same(score_org(YEAR, node), live_card(node)), node.code


def test_a_refresh_cannot_cover_other_unrefreshed_writes(stored):
    result = Result.objects.filter(value__isnull=False).order_by("pk").first()
    record(acting_user=None, channel="admin", action="plans.criterion.change", object_type="plans.criterion")
    Result.objects.filter(pk=result.pk).update(value=1)
    record(acting_user=None, channel="web", action="results.approve", object_type="results.result")
    assert refresh_after_change(YEAR, [result.org_id], [result.indicator_id]) is False
    assert policy_and_store(YEAR)[1] is False


def test_without_a_store_there_is_nothing_to_refresh(db):
    load_small()
    result = Result.objects.order_by("pk").first()
    assert refresh_after_change(YEAR, [result.org_id], [result.indicator_id]) is False

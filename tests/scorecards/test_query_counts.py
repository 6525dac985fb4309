"""Scoring reads a fixed handful of queries, however many organisations, indicators and results there are."""

import pytest

from govkpi.orgs.actions import rebuild_paths
from govkpi.orgs.models import OrgUnit
from govkpi.results.models import Result
from govkpi.scorecards.services import find_org, fiscal_years, root_org, score_all, score_org

from .builders import make_criterion, make_goal, make_indicator

pytestmark = pytest.mark.django_db

MAX_QUERIES = 4  # policy, criteria (+ indicators, goals), organisations, results


def build(districts: int, subdistricts: int, indicators: int) -> OrgUnit:
    province = OrgUnit.objects.create(code="54", name_th="จังหวัดแพร่", kind="province")
    units = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"54{d:02d}", name_th=f"อำเภอ {d}", kind="district", parent=province)
        for d in range(1, districts + 1)
    )
    leaves = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"{unit.code}{s:02d}", name_th=f"ตำบล {s}", kind="subdistrict", parent=unit)
        for unit in units
        for s in range(1, subdistricts + 1)
    )
    rebuild_paths()
    goal = make_goal("G01")
    aggregations = ["sum", "mean", "last", "ratio"]
    inds = [make_indicator(f"G01-{i}", goal, aggregation=aggregations[i % 4]) for i in range(1, indicators + 1)]
    for ind in inds:
        make_criterion(2565, ind, weight=1 + ind.pk % 3)
    make_criterion(2565, inds[0], org=units[0], weight=7)
    Result.objects.bulk_create(
        Result(
            indicator=ind,
            org=leaf,
            period=f"2565-Q{q}",
            fiscal_year=2565,
            value=q * 10.0 if ind.aggregation != "ratio" else None,
            numerator=q if ind.aggregation == "ratio" else None,
            denominator=10 if ind.aggregation == "ratio" else None,
            status="approved",
        )
        for ind in inds
        for leaf in leaves
        for q in (1, 2)
    )
    return province


@pytest.mark.parametrize(("districts", "subdistricts", "indicators"), [(2, 2, 2), (8, 10, 12)])
def test_score_org_uses_a_bounded_number_of_queries(django_assert_max_num_queries, districts, subdistricts, indicators):
    province = build(districts, subdistricts, indicators)
    with django_assert_max_num_queries(MAX_QUERIES):
        card = score_org(2565, province)
    assert card["overall"]["coverage"] == 1.0


@pytest.mark.parametrize(("districts", "subdistricts", "indicators"), [(2, 2, 2), (8, 10, 12)])
def test_score_all_uses_a_bounded_number_of_queries(django_assert_max_num_queries, districts, subdistricts, indicators):
    build(districts, subdistricts, indicators)
    with django_assert_max_num_queries(MAX_QUERIES):
        cards = score_all(2565)
    assert len(cards) == 1 + districts + districts * subdistricts


def test_score_all_agrees_with_score_org_for_each_organisation():
    build(3, 3, 5)
    for card in score_all(2565):
        assert card == score_org(2565, find_org(card["org"]))


def test_lookups_are_one_query_each(django_assert_num_queries):
    build(2, 2, 1)
    OrgUnit.objects.create(code="99", name_th="อื่น", kind="other")
    rebuild_paths()
    with django_assert_num_queries(1):
        assert root_org().code == "54"
    with django_assert_num_queries(1):
        assert fiscal_years() == [2565]

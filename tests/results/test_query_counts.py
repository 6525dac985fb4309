"""The entry page and the approval queue run a bounded number of queries however many indicators there are."""

import pytest
from django.urls import reverse

from govkpi.results import actions
from tests.results.builders import PASSWORD
from tests.results.helpers import draft
from tests.scorecards.builders import make_criterion, make_goal, make_indicator


def add_indicators(world, count):
    goal = make_goal(f"G{count}")
    made = []
    for n in range(count):
        indicator = make_indicator(f"X{count}-{n}", goal)
        indicator.responsible.set([world.orgs["5401"]])
        make_criterion(2565, indicator)
        made.append(indicator)
    return made


def submitted(world, indicators):
    for indicator in indicators:
        result = draft(world, indicator=indicator)
        actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")


@pytest.mark.parametrize("count", [2, 30])
def test_the_entry_page(world, client, django_assert_max_num_queries, count):
    submitted(world, add_indicators(world, count))
    client.login(username="rep5401", password=PASSWORD)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("results:entry", args=["5401", "2565-Q1"])).status_code == 200


@pytest.mark.parametrize("count", [2, 30])
def test_the_approval_queue(world, client, django_assert_max_num_queries, count):
    submitted(world, add_indicators(world, count))
    client.login(username="app5401", password=PASSWORD)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("results:approvals")).status_code == 200


@pytest.mark.parametrize("count", [2, 30])
def test_my_tasks(world, client, django_assert_max_num_queries, count):
    add_indicators(world, count)
    client.login(username="rep5401", password=PASSWORD)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("results:tasks")).status_code == 200

"""The read the results workflow makes once per action (issue 17 item 4, `results.around`): the year's settings,
whether the organisation is named to report the indicator (one row whatever the number named) and the indicator's
results for the organisation, in one query."""

from govkpi.core.periods import parse_period
from govkpi.core.results import check_assigned
from govkpi.plans.models import ScoringPolicy
from govkpi.results.around import around
from govkpi.results.models import ReportingCalendar
from govkpi.results.rules import responsible_codes
from govkpi.results.validation import previous_period
from tests.scorecards.builders import make_indicator, make_result


def test_a_year_without_policy_calendar_or_results_has_the_defaults(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        near = around(world.mean, world.orgs["5401"], 2565)
    settings = near.settings
    assert (settings.fiscal_year, settings.lock_after_days, settings.require_commentary) == (2565, None, False)
    assert settings.calendar.pk is None
    assert (settings.calendar.grace_days, settings.calendar.jump_factor) == (15, 3.0)
    assert near.results == () and near.responsible == {"5401"}


def test_a_year_reads_its_policy_and_its_calendar_and_no_other_year(world, django_assert_num_queries):
    ScoringPolicy.objects.create(fiscal_year=2565, lock_after_days=30, require_commentary=True)
    ScoringPolicy.objects.create(fiscal_year=2566, lock_after_days=5)
    calendar = ReportingCalendar.objects.create(fiscal_year=2565, grace_days=10, jump_factor=2.5)
    make_result(world.mean, world.orgs["5401"], "2565-Q1", 1)
    make_result(world.mean, world.orgs["5401"], "2565-Q2", 2)  # two results: still the one policy and calendar
    with django_assert_num_queries(1):
        settings = around(world.mean, world.orgs["5401"], 2565).settings
    assert (settings.lock_after_days, settings.require_commentary) == (30, True)
    assert (settings.calendar.pk, settings.calendar.grace_days, settings.calendar.jump_factor) == (calendar.pk, 10, 2.5)
    assert ReportingCalendar.for_year(2565) == settings.calendar
    other = around(world.mean, world.orgs["5401"], 2566).settings
    assert (other.lock_after_days, other.require_commentary, other.calendar.pk) == (5, False, None)


def test_the_results_read_are_the_years_and_the_previous_periods_of_that_indicator_and_organisation(world):
    org, mean = world.orgs["5401"], world.mean
    last_year = make_result(mean, org, "2564-Q4", 7)
    q1 = make_result(mean, org, "2565-Q1", 8, status="draft")
    make_result(mean, org, "2564-Q3", 6)  # another year, not the previous period
    make_result(mean, world.orgs["5402"], "2565-Q2", 1)  # another organisation
    make_result(world.ratio, org, "2565-Q2", 50, numerator=1, denominator=2)  # another indicator
    near = around(mean, org, 2565, periods=[previous_period(parse_period("2565-Q1")).code])
    assert sorted(row.pk for row in near.results) == sorted([last_year.pk, q1.pk])
    assert near.value_of(parse_period("2564-Q4")) == 7 and near.value_of(parse_period("2565-Q2")) is None
    assert near.value_of(None) is None and near.holds("2564-Q4") and not near.holds("2564-Q3")
    assert near.others() == ["2565-Q1"]  # the previous year's result is not one of the year's
    assert near.others(but="2565-Q1") == [] and near.others(pk=q1.pk) == []
    assert [row.pk for row in around(mean, org, 2565).results] == [q1.pk]  # without a previous period: the year's


def test_whether_an_organisation_is_named_is_decided_as_with_every_name(world, django_assert_num_queries):
    indicator = make_indicator("I-NAMED", world.mean.goal)
    everyone = list(world.orgs.values())
    for named in ([], everyone[:1], everyone[1:], everyone):
        indicator.responsible.set(named)
        all_codes = frozenset(org.code for org in named)
        for org in everyone:
            with django_assert_num_queries(1):
                few = responsible_codes(indicator, org)
            assert len(few) <= 1 and around(indicator, org, 2565).responsible == few
            assert check_assigned(org.code, indicator.code, few) == check_assigned(org.code, indicator.code, all_codes)

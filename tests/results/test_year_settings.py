"""The reads the results workflow makes once per action (issue 17 item 4): the year's settings in one query, and
whether an organisation is named to report an indicator, one row whatever the number named."""

from govkpi.core.results import check_assigned
from govkpi.plans.models import ScoringPolicy
from govkpi.results.models import ReportingCalendar
from govkpi.results.rules import responsible_codes
from govkpi.results.year import year_settings
from tests.scorecards.builders import make_indicator


def test_a_year_without_policy_or_calendar_has_the_defaults(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        settings = year_settings(2565)
    assert (settings.lock_after_days, settings.require_commentary) == (None, False)
    assert settings.calendar.pk is None
    assert (settings.calendar.grace_days, settings.calendar.jump_factor) == (15, 3.0)


def test_a_year_reads_its_policy_and_its_calendar_and_no_other_year(db, django_assert_num_queries):
    ScoringPolicy.objects.create(fiscal_year=2565, lock_after_days=30, require_commentary=True)
    ScoringPolicy.objects.create(fiscal_year=2566, lock_after_days=5)
    calendar = ReportingCalendar.objects.create(fiscal_year=2565, grace_days=10, jump_factor=2.5)
    with django_assert_num_queries(1):
        settings = year_settings(2565)
    assert (settings.lock_after_days, settings.require_commentary) == (30, True)
    assert (settings.calendar.pk, settings.calendar.grace_days, settings.calendar.jump_factor) == (calendar.pk, 10, 2.5)
    assert ReportingCalendar.for_year(2565) == settings.calendar
    other = year_settings(2566)
    assert (other.lock_after_days, other.require_commentary, other.calendar.pk) == (5, False, None)


def test_whether_an_organisation_is_named_is_decided_as_with_every_name(world, django_assert_num_queries):
    indicator = make_indicator("I-NAMED", world.mean.goal)
    everyone = list(world.orgs.values())
    for named in ([], everyone[:1], everyone[1:], everyone):
        indicator.responsible.set(named)
        all_codes = frozenset(org.code for org in named)
        for org in everyone:
            with django_assert_num_queries(1):
                few = responsible_codes(indicator, org)
            assert len(few) <= 1
            assert check_assigned(org.code, indicator.code, few) == check_assigned(org.code, indicator.code, all_codes)

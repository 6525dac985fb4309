"""GECC certificates last 3 years (from the framework file) and raise an alert 90 days before they expire."""

from datetime import date

import pytest

from govkpi.awards.pages import awards_page, expiry_state

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2025, 6, 21), "valid"),
        (date(2025, 6, 22), "expiring"),
        (date(2025, 9, 20), "expiring"),
        (date(2025, 9, 21), "expired"),
    ],
)
def test_the_alert_starts_90_days_before_expiry(today, state):
    assert expiry_state(date(2025, 9, 20), today) == state


def test_a_gecc_certificate_expires_three_years_after_it_was_given(awards):
    lines = {line["award"].recipient.code: line for line in awards_page("2565", today=date(2024, 1, 1))["lines"]}
    assert lines["5401"]["expires"] == date(2025, 9, 20)
    assert lines["54"]["expires"] is None  # an ITA result does not expire


def test_the_page_lists_certificates_due_within_90_days(awards):
    alerts = awards_page("2565", today=date(2025, 8, 1))["alerts"]
    assert [line["award"].recipient.code for line in alerts] == ["5401"]
    assert awards_page("2565", today=date(2025, 1, 1))["alerts"] == []

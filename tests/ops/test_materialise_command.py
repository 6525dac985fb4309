"""`govkpi materialise` fills the score store for every year with criteria, or the years asked; audited."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from govkpi.audit.models import AuditEvent
from govkpi.demo.actions import load_demo
from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.incremental import policy_and_store
from govkpi.scorecards.models import StoredValues, StoreState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def materialise(*args: str) -> str:
    out = io.StringIO()
    call_command("materialise", *args, stdout=out)
    return out.getvalue()


def test_without_a_year_it_fills_every_year_that_has_criteria():
    load_demo()
    assert policy_and_store(2565)[1] is False
    output = materialise()
    assert policy_and_store(2565)[1] is True
    stored = StoredValues.objects.filter(fiscal_year=2565).count()
    assert stored > 0
    assert output.startswith(f"fiscal year 2565: stored the scores of {stored} organisations in ")
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_key, event.channel) == ("scorecards.materialise", "2565", "cli")


def test_a_year_without_criteria_is_emptied_when_asked_for():
    load_demo()
    materialise("--fiscal-year", "2565")
    StoredValues.objects.filter(fiscal_year=2565).update(fiscal_year=2560)
    StoreState.objects.create(fiscal_year=2560, event_id=1)
    output = materialise("--fiscal-year", "2560")
    assert output.startswith("fiscal year 2560: stored the scores of 0 organisations")
    assert not StoredValues.objects.filter(fiscal_year=2560).exists()
    assert OrgUnit.objects.exists()


def test_a_christian_era_year_is_refused():
    with pytest.raises(CommandError, match="Buddhist Era"):
        materialise("--fiscal-year", "2022")


def test_nothing_to_do_on_an_empty_database():
    assert materialise().strip() == "No fiscal year has criteria: nothing to materialise."

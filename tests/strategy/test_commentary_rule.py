"""The per-year switch: a result that would be at risk or not achieved is not submitted without commentary — on the
entry page, through the API and by the action every other path calls, alike. Commentary is entered with the results,
in the same transaction, audited, and kept on the page when it comes back with errors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from govkpi.accounts.actions import create_token
from govkpi.audit.models import AuditEvent
from govkpi.plans.models import ScoringPolicy
from govkpi.results import actions
from govkpi.results.models import Result
from govkpi.strategy.commentary import missing_commentary
from govkpi.strategy.models import Commentary
from tests.api.conftest import ALL_SCOPES, Api
from tests.results.builders import PASSWORD, build_world
from tests.results.helpers import draft

REFUSED = "ระดับเสี่ยงหรือไม่บรรลุเป้าหมาย"  # "would be at risk or not achieved", in Thai (the default)


@pytest.fixture
def world(db):
    world = build_world()
    ScoringPolicy.objects.create(fiscal_year=2565, require_commentary=True)
    return world


@pytest.fixture
def api(world, client) -> Api:
    tokens = {name: create_token(user, acting_user=None, channel="cli", scopes=ALL_SCOPES)
              for name, user in world.people.items()}
    return Api(client, tokens)


def entry_url(org="5401", period="2565-Q1"):
    return reverse("results:entry", args=[org, period])


def login(client, who="rep5401"):
    assert client.login(username=who, password=PASSWORD)
    return client


def say(world, org="5401", period="2565-Q1", **texts):
    return Commentary.objects.create(org=world.orgs[org], indicator=world.mean, period=period, **texts)


# --- the rule, once -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "missing"), [(70.0, True), (50.0, True), (85.0, False)])
def test_only_an_at_risk_or_not_achieved_result_needs_commentary(world, value, missing):
    assert missing_commentary(draft(world, value=value)) is missing


def test_commentary_of_that_org_indicator_and_period_satisfies_it(world):
    result = draft(world, value=70.0)
    say(world, period="2565-Q2", problems="ฝนตก")  # another period does not count
    say(world, org="5402", problems="ฝนตก")  # nor another organisation
    assert missing_commentary(result)
    say(world, problems="   ")  # blank text says nothing
    assert missing_commentary(result)
    Commentary.objects.filter(org__code="5401", period="2565-Q1").update(suggestions="เร่งรัด")
    assert not missing_commentary(result)


def test_without_the_switch_nothing_changes(world):
    ScoringPolicy.objects.update(require_commentary=False)
    result = draft(world, value=50.0)
    assert not missing_commentary(result)
    assert actions.submit_result(result, acting_user=world.people["rep5401"], channel="web").result.status == \
        "submitted"


def test_the_level_is_that_of_the_year_with_the_approved_results(world):
    """I-MEAN is a mean over the year's periods: 100 approved in Q1 lifts a Q2 of 70 to 85, achieved."""
    first = draft(world, value=100.0)
    actions.submit_result(first, acting_user=world.people["rep5401"], channel="web")
    actions.approve_result(first, acting_user=world.people["app5401"], channel="web")
    assert not missing_commentary(draft(world, period="2565-Q2", value=70.0))


def test_the_action_refuses_with_the_workflow_error(world):
    result = draft(world, value=70.0)
    with pytest.raises(ValidationError) as error:
        actions.submit_result(result, acting_user=world.people["rep5401"], channel="cli")
    assert REFUSED in error.value.message_dict["commentary"][0]
    assert Result.objects.get(pk=result.pk).status == "draft"


# --- the API ------------------------------------------------------------------------------------------------------


def test_the_api_refuses_the_same_way(api, world):
    rid = draft(world, value=70.0).pk
    response = api.post(f"results/{rid}/submit", "rep5401")
    assert response.status_code == 400, response.content
    assert REFUSED in str(response.json()["error"]["fields"]["commentary"])
    assert Result.objects.get(pk=rid).status == "draft"
    say(world, analysis="ต่ำกว่าเป้าเพราะฝนตก")
    assert api.post(f"results/{rid}/submit", "rep5401").status_code == 200
    assert Result.objects.get(pk=rid).status == "submitted"


# --- the entry page -----------------------------------------------------------------------------------------------


def test_the_entry_page_has_a_commentary_group_per_open_indicator(world, client):
    say(world, problems="ฝนตกหนัก")
    page = login(client).get(entry_url()).content.decode()
    for name in ("analysis", "problems", "suggestions", "lessons"):
        assert f'name="{name}-{world.mean.pk}"' in page and f'name="{name}-{world.ratio.pk}"' in page
    assert ">ฝนตกหนัก</textarea>" in page
    assert f'id="commentary-{world.mean.pk}" open' in page  # filled: shown open
    assert f'id="commentary-{world.ratio.pk}">' in page  # empty: folded


def test_submitting_at_risk_without_commentary_is_refused_and_nothing_is_saved(world, client):
    response = login(client).post(entry_url(), {f"value-{world.mean.pk}": "70", "action": "submit"})
    assert response.status_code == 400
    page = response.content.decode()
    assert REFUSED in page
    assert f'href="#indicator-{world.mean.pk}"' in page  # the error summary links to the indicator's group
    assert not Result.objects.exists()  # all or nothing: the draft was rolled back too
    assert 'value="70"' in page  # what was typed is kept


def test_commentary_entered_with_the_result_lets_it_be_submitted(world, client):
    key = world.mean.pk
    response = login(client).post(entry_url(), {
        f"value-{key}": "70", f"problems-{key}": "ฝนตกหนัก", f"suggestions-{key}": "เร่งส่งเสริม",
        "action": "submit",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Result.objects.get(indicator=world.mean).status == "submitted"
    note = Commentary.objects.get(org=world.orgs["5401"], indicator=world.mean, period="2565-Q1")
    assert (note.problems, note.suggestions, note.analysis) == ("ฝนตกหนัก", "เร่งส่งเสริม", "")
    event = AuditEvent.objects.filter(action="strategy.commentary.save").get()
    assert event.changes["problems"] == [None, "ฝนตกหนัก"] and event.actor == world.people["rep5401"]


def test_commentary_typed_on_a_page_with_errors_is_kept_and_not_saved(world, client):
    key = world.mean.pk
    response = login(client).post(entry_url(), {
        f"value-{key}": "abc", f"lessons-{key}": "บทเรียน", "action": "save",
    })
    assert response.status_code == 400
    assert ">บทเรียน</textarea>" in response.content.decode()
    assert not Commentary.objects.exists()


def test_saving_the_same_commentary_again_writes_nothing(world, client):
    key = world.mean.pk
    login(client).post(entry_url(), {f"value-{key}": "85", f"analysis-{key}": "ดี", "action": "save"})
    client.post(entry_url(), {f"value-{key}": "85", f"analysis-{key}": "ดี", "action": "save"})
    assert AuditEvent.objects.filter(action="strategy.commentary.save").count() == 1


def test_a_reporter_of_another_district_cannot_write_commentary(world, client):
    key = world.mean.pk
    response = login(client, "rep5402").post(entry_url(), {f"analysis-{key}": "x", "action": "save"})
    assert response.status_code in (403, 404)
    assert not Commentary.objects.exists()

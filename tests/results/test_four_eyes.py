"""Four eyes (issue 13): whoever submitted a result may not approve it — not even a person who is both reporter and
approver of the organisation — on the web, in the API and through the actions. Another approver may; the setting
``GOVKPI_FOUR_EYES`` off allows it; the system (command line, workbook: ``acting_user=None``) is never refused."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from govkpi.accounts.actions import create_token
from govkpi.accounts.models import Membership
from govkpi.audit.models import AuditEvent
from govkpi.results import actions
from govkpi.results.models import Result, ResultEvent
from tests.results.builders import PASSWORD
from tests.results.helpers import draft

OWN_SUBMISSION_TH = "ท่านเป็นผู้ส่งผลนี้เอง ต้องให้ผู้อนุมัติท่านอื่นเป็นผู้อนุมัติ"


@pytest.fixture
def both(world):
    """``both5401``: reporter and approver of district 5401."""
    user = get_user_model().objects.create_user("both5401", "both5401@example.org", PASSWORD)
    for role in ("reporter", "approver"):
        Membership.objects.create(user=user, org=world.orgs["5401"], role=role)
    world.people["both5401"] = user
    return user


def submitted(world, who):
    result = draft(world, who=who)
    actions.submit_result(result, acting_user=world.people[who], channel="web")
    return result


def status(result):
    return Result.objects.get(pk=result.pk).status


def approvals_recorded(result):
    return (ResultEvent.objects.filter(result=result, step="approve").count(),
            AuditEvent.objects.filter(action="results.result.approve").count())


# --- the action -------------------------------------------------------------------------------------------------


def test_the_submitter_cannot_approve_even_holding_both_roles(world, both):
    result = submitted(world, "both5401")
    with pytest.raises(actions.NotAllowed, match=OWN_SUBMISSION_TH):
        actions.approve_result(result, acting_user=both, channel="web")
    assert status(result) == "submitted" and approvals_recorded(result) == (0, 0)
    actions.approve_result(result, acting_user=world.people["app5401"], channel="web")
    assert status(result) == "approved"


def test_the_dual_role_person_approves_what_someone_else_submitted(world, both):
    result = submitted(world, "rep5401")
    assert actions.approve_result(result, acting_user=both, channel="web").result.status == "approved"


def test_the_most_recent_submission_counts(world, both):
    result = submitted(world, "rep5401")
    actions.return_result(result, acting_user=world.people["app5401"], channel="web", comment="แก้ตัวเลข")
    actions.submit_result(result, acting_user=both, channel="web")  # both now submits it again
    with pytest.raises(actions.NotAllowed):
        actions.approve_result(result, acting_user=both, channel="api")
    actions.return_result(result, acting_user=world.people["app5401"], channel="web", comment="อีกครั้ง")
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    assert actions.approve_result(result, acting_user=both, channel="api").result.status == "approved"


def test_a_province_admin_is_no_exception(world):
    admin = world.people["admin"]
    result = draft(world, who="admin")
    actions.submit_result(result, acting_user=admin, channel="web")
    with pytest.raises(actions.NotAllowed):
        actions.approve_result(result, acting_user=admin, channel="web")


def test_the_status_is_checked_before_the_submitter(world, both):
    result = submitted(world, "both5401")
    actions.approve_result(result, acting_user=world.people["app5401"], channel="web")
    with pytest.raises(actions.TransitionError):  # not waiting for approval: 409, not 403
        actions.approve_result(result, acting_user=both, channel="web")


def test_the_system_is_not_subject_to_it(world, both):
    result = submitted(world, "both5401")
    assert actions.approve_result(result, acting_user=None, channel="cli").result.status == "approved"
    result = draft(world, who="rep5401", period="2565-Q2")
    actions.submit_result(result, acting_user=None, channel="cli")  # submitted by the system, approved by a person
    assert actions.approve_result(result, acting_user=both, channel="web").result.status == "approved"


def test_the_setting_off_allows_it(world, both, settings):
    settings.GOVKPI_FOUR_EYES = False
    result = submitted(world, "both5401")
    assert actions.approve_result(result, acting_user=both, channel="web").result.status == "approved"


@pytest.mark.parametrize(("value", "expected"), [(None, True), ("1", True), ("0", False), ("off", False)])
def test_the_setting_comes_from_the_environment(tmp_path, value, expected):
    env = {k: v for k, v in os.environ.items() if k != "GOVKPI_FOUR_EYES"}
    env |= {"DJANGO_SETTINGS_MODULE": "govkpi.settings", "SECRET_KEY": "x" * 50, "GOVKPI_DATA_DIR": str(tmp_path)}
    if value is not None:
        env["GOVKPI_FOUR_EYES"] = value
    code = "from django.conf import settings; print(settings.GOVKPI_FOUR_EYES)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == str(expected)


# --- the web pages ----------------------------------------------------------------------------------------------


def login(client, who):
    assert client.login(username=who, password=PASSWORD)
    return client


def test_the_approvals_page_says_someone_else_must_approve_and_offers_no_approve_button(world, both, client):
    own = submitted(world, "both5401")
    other = draft(world, who="rep5401", indicator=world.ratio, numerator=3.0, denominator=4.0, value=None)
    actions.submit_result(other, acting_user=world.people["rep5401"], channel="web")
    page = login(client, "both5401").get(reverse("results:approvals")).content.decode()
    items = {pk: next(item for item in page.split('<li class="queue__item">')[1:]
                      if reverse("results:decide", args=[pk]) in item) for pk in (own.pk, other.pk)}
    assert OWN_SUBMISSION_TH in items[own.pk] and 'value="approve"' not in items[own.pk]
    assert 'value="return"' in items[own.pk]
    assert OWN_SUBMISSION_TH not in items[other.pk] and 'value="approve"' in items[other.pk]
    # another approver sees both approve buttons and no notice
    client.logout()
    page = login(client, "app5401").get(reverse("results:approvals")).content.decode()
    assert page.count('value="approve"') == 2 and OWN_SUBMISSION_TH not in page


def test_approving_ones_own_submission_on_the_web_is_a_403_that_says_why(world, both, client):
    result = submitted(world, "both5401")
    response = login(client, "both5401").post(reverse("results:decide", args=[result.pk]), {"decision": "approve"})
    assert response.status_code == 403
    assert OWN_SUBMISSION_TH in response.content.decode()
    assert status(result) == "submitted" and approvals_recorded(result) == (0, 0)
    client.logout()
    response = login(client, "app5401").post(reverse("results:decide", args=[result.pk]), {"decision": "approve"})
    assert response.status_code == 302 and status(result) == "approved"


def test_on_the_web_the_dual_role_person_approves_another_reporters_result(world, both, client):
    result = submitted(world, "rep5401")
    response = login(client, "both5401").post(reverse("results:decide", args=[result.pk]), {"decision": "approve"})
    assert response.status_code == 302 and status(result) == "approved"


def test_on_the_web_the_setting_off_allows_it(world, both, client, settings):
    settings.GOVKPI_FOUR_EYES = False
    result = submitted(world, "both5401")
    page = login(client, "both5401").get(reverse("results:approvals")).content.decode()
    assert 'value="approve"' in page and OWN_SUBMISSION_TH not in page
    response = client.post(reverse("results:decide", args=[result.pk]), {"decision": "approve"})
    assert response.status_code == 302 and status(result) == "approved"


# --- the API ----------------------------------------------------------------------------------------------------


def api_post(client, token, path, body=None):
    return client.post(f"/api/v1/{path}", data=json.dumps(body or {}), content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def tokens(world, both):
    return {who: create_token(world.people[who], acting_user=None, channel="cli", scopes=["write"])
            for who in ("both5401", "app5401", "rep5401")}


def test_in_the_api_the_submitter_gets_403_and_another_approver_200(world, both, tokens, client):
    response = api_post(client, tokens["both5401"], "results", {"indicator": "I-MEAN", "org": "5401",
                                                                "period": "2565-Q1", "value": 70})
    rid = response.json()["id"]
    assert api_post(client, tokens["both5401"], f"results/{rid}/submit").status_code == 200
    refused = api_post(client, tokens["both5401"], f"results/{rid}/approve", {"comment": "ถูกต้อง"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert Result.objects.get(pk=rid).status == "submitted"
    assert ResultEvent.objects.filter(result_id=rid, step="approve").count() == 0
    approved = api_post(client, tokens["app5401"], f"results/{rid}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"


def test_in_the_api_the_dual_role_person_approves_another_reporters_result(world, both, tokens, client):
    result = submitted(world, "rep5401")
    response = api_post(client, tokens["both5401"], f"results/{result.pk}/approve")
    assert response.status_code == 200 and response.json()["status"] == "approved"


def test_in_the_api_the_setting_off_allows_it(world, both, tokens, client, settings):
    settings.GOVKPI_FOUR_EYES = False
    result = submitted(world, "both5401")
    assert api_post(client, tokens["both5401"], f"results/{result.pk}/approve").status_code == 200

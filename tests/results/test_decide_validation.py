"""`POST /results/N/decide/` takes exactly ``approve`` or ``return`` (the two buttons of the approvals page); anything
else — missing, unknown, both at once — is a 400 that changes nothing: no status, no history, no audit entry."""

import re

import pytest
from django.urls import reverse

from govkpi.audit.models import AuditEvent
from govkpi.results import actions
from govkpi.results.models import Result, ResultEvent
from tests.results.builders import PASSWORD
from tests.results.helpers import draft


@pytest.fixture
def waiting(world):
    result = draft(world)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    return result


def snapshot(result):
    return (Result.objects.get(pk=result.pk).status, ResultEvent.objects.filter(result=result).count(),
            AuditEvent.objects.count())


@pytest.mark.parametrize("data", [
    {},
    {"comment": "ดูแล้ว"},
    {"decision": ""},
    {"decision": "yes"},
    {"decision": "APPROVE"},
    {"decision": "approve "},
    {"decision": "reopen", "comment": "ทบทวน"},
    {"decision": ["approve", "return"], "comment": "ทั้งสองอย่าง"},
], ids=["missing", "comment-only", "empty", "yes", "upper-case", "trailing-space", "reopen", "both"])
def test_anything_but_approve_or_return_is_400_and_changes_nothing(world, client, waiting, data):
    assert client.login(username="app5401", password=PASSWORD)
    before = snapshot(waiting)
    response = client.post(reverse("results:decide", args=[waiting.pk]), data)
    assert response.status_code == 400
    assert "กรุณาเลือกอนุมัติหรือส่งกลับ" in response.content.decode()
    assert snapshot(waiting) == before == ("submitted", 2, before[2])


def test_approve_and_return_still_work(world, client, waiting):
    assert client.login(username="app5401", password=PASSWORD)
    url = reverse("results:decide", args=[waiting.pk])
    assert client.post(url, {"decision": "return", "comment": "แก้ตัวเลข"}).status_code == 302
    assert Result.objects.get(pk=waiting.pk).status == "returned"
    actions.submit_result(waiting, acting_user=world.people["rep5401"], channel="web")
    assert client.post(url, {"decision": "approve"}).status_code == 302
    assert Result.objects.get(pk=waiting.pk).status == "approved"


def test_a_viewer_is_still_refused_before_the_decision_is_read(world, client, waiting):
    assert client.login(username="viewer", password=PASSWORD)
    assert client.post(reverse("results:decide", args=[waiting.pk]), {"decision": "nonsense"}).status_code == 403
    assert Result.objects.get(pk=waiting.pk).status == "submitted"


def test_the_approvals_form_posts_only_the_two_accepted_values(world, client, waiting):
    assert client.login(username="app5401", password=PASSWORD)
    page = client.get(reverse("results:approvals")).content.decode()
    values = re.findall(r'name="decision"[^>]*value="([^"]*)"', page)
    assert sorted(values) == ["approve", "return"]


# --- the API: one endpoint per transition; nothing in a body turns one into another ------------------------------


@pytest.fixture
def token(world):
    from govkpi.accounts.actions import create_token

    return create_token(world.people["app5401"], acting_user=None, channel="cli", scopes=["write"])


def post(client, token, path, body):
    import json

    return client.post(f"/api/v1/{path}", data=json.dumps(body), content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})


def test_an_api_approve_with_a_decision_or_status_in_the_body_still_only_approves(world, client, waiting, token):
    response = post(client, token, f"results/{waiting.pk}/approve", {"decision": "return", "status": "draft"})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    steps = list(ResultEvent.objects.filter(result=waiting).values_list("step", flat=True))
    assert steps == ["create", "submit", "approve"]


def test_an_api_return_with_a_decision_in_the_body_still_only_returns(world, client, waiting, token):
    response = post(client, token, f"results/{waiting.pk}/return", {"decision": "approve", "comment": "แก้"})
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert post(client, token, f"results/{waiting.pk}/approve", {"decision": "approve"}).status_code == 409
    assert Result.objects.get(pk=waiting.pk).status == "returned"


@pytest.mark.parametrize("path", ["decide", "approve?decision=return", "Approve"])
def test_the_api_has_no_decide_endpoint_to_trick(world, client, waiting, token, path):
    response = post(client, token, f"results/{waiting.pk}/{path}", {"decision": "return", "comment": "x"})
    if path.startswith("approve"):
        assert response.status_code == 200 and response.json()["status"] == "approved"
    else:
        assert response.status_code == 404
        assert Result.objects.get(pk=waiting.pk).status == "submitted"

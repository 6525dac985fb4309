"""The internal pages: my tasks, the entry page (one page for all due indicators), approvals, history."""

import pytest
from django.urls import reverse

from govkpi.results import actions
from govkpi.results.models import Result
from tests.results.builders import PASSWORD
from tests.results.helpers import draft


def login(client, who):
    assert client.login(username=who, password=PASSWORD)
    return client


def entry_url(org="5401", period="2565-Q1"):
    return reverse("results:entry", args=[org, period])


def test_pages_ask_anonymous_visitors_to_log_in(world, client):
    for url in (reverse("results:tasks"), entry_url(), reverse("results:approvals")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_my_tasks_lists_what_is_due_with_the_approvers_comment(world, client):
    result = draft(world)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    actions.return_result(result, acting_user=world.people["app5401"], channel="web", comment="ขาดหลักฐานการประชุม")
    page = login(client, "rep5401").get(reverse("results:tasks")).content.decode()
    assert "ขาดหลักฐานการประชุม" in page
    assert "I-RATIO" in page and "5402" not in page
    assert page.count("เกินกำหนด") >= 1  # FY 2565 is long past: overdue, in words


def test_the_entry_page_saves_every_indicator_at_once_and_submits(world, client):
    login(client, "rep5401")
    keys = {world.mean.pk: {"value": "๗๐"}, world.ratio.pk: {"numerator": "3", "denominator": "4"}}
    data = {"action": "submit"}
    for pk, fields in keys.items():
        data.update({f"{name}-{pk}": value for name, value in fields.items()})
    response = client.post(entry_url(), data)
    assert response.status_code == 302
    rows = dict(Result.objects.filter(org=world.orgs["5401"]).values_list("indicator__code", "status"))
    assert rows == {"I-MEAN": "submitted", "I-RATIO": "submitted"}
    assert Result.objects.get(indicator=world.mean, org=world.orgs["5401"]).value == 70


def test_one_bad_row_saves_nothing_and_says_why(world, client):
    login(client, "rep5401")
    data = {
        "action": "save",
        f"value-{world.mean.pk}": "70",
        f"numerator-{world.ratio.pk}": "5",
        f"denominator-{world.ratio.pk}": "0",
    }
    response = client.post(entry_url(), data)
    assert response.status_code == 400
    assert "ตัวหาร (denominator) เป็น 0" in response.content.decode()
    assert not Result.objects.exists()


def test_the_entry_page_is_read_only_for_an_approver_and_hidden_from_others(world, client):
    login(client, "app5401")
    page = client.get(entry_url())
    assert page.status_code == 200 and b'name="action"' not in page.content
    assert client.post(entry_url(), {"action": "save", f"value-{world.mean.pk}": "70"}).status_code == 403
    assert client.get(entry_url(org="5402")).status_code == 404


def test_the_approval_queue_approves_and_returns(world, client):
    result = draft(world)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    login(client, "app5401")
    assert "I-MEAN" in client.get(reverse("results:approvals")).content.decode()
    client.post(reverse("results:decide", args=[result.pk]), {"decision": "return", "comment": ""})
    assert Result.objects.get(pk=result.pk).status == "submitted"  # a return needs a comment
    client.post(reverse("results:decide", args=[result.pk]), {"decision": "return", "comment": "ทบทวนตัวเลข"})
    assert Result.objects.get(pk=result.pk).status == "returned"


def test_nobody_decides_on_what_they_may_not_approve(world, client):
    result = draft(world, who="rep5402", org="5402")
    actions.submit_result(result, acting_user=world.people["rep5402"], channel="web")
    login(client, "app5401")
    assert client.post(reverse("results:decide", args=[result.pk]), {"decision": "approve"}).status_code == 404
    client.logout()
    login(client, "viewer")
    assert client.post(reverse("results:decide", args=[result.pk]), {"decision": "approve"}).status_code == 403
    assert Result.objects.get(pk=result.pk).status == "submitted"


def test_the_history_page_shows_who_returned_it_and_why(world, client):
    result = draft(world)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    actions.return_result(result, acting_user=world.people["app5401"], channel="web", comment="ขาดลายมือชื่อ")
    page = login(client, "rep5401").get(reverse("results:history", args=[result.pk])).content.decode()
    assert "app5401" in page and "ขาดลายมือชื่อ" in page
    client.logout()
    login(client, "rep5402")
    assert client.get(reverse("results:history", args=[result.pk])).status_code == 404


@pytest.mark.parametrize("who", ["rep5401", "app5401", "viewer", "admin"])
def test_forms_need_csrf(world, who):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.login(username=who, password=PASSWORD)
    assert strict.post(entry_url(), {"action": "save"}).status_code == 403

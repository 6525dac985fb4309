"""The workflow tells people: submitted → the approvers' contacts; returned or approved → the reporters'."""

import pytest
from django.db import transaction

from govkpi.notify.models import Contact, OutboxMessage
from govkpi.notify.outbox import deliver
from govkpi.results import actions
from tests.results.helpers import draft


def contact(world, org, channel, address, role):
    return Contact.objects.create(org=world.orgs[org], channel=channel, address=address, role=role)


def submitted(world):
    result = draft(world)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    return result


def test_a_submitted_result_tells_its_approvers_in_thai_with_a_link(world, line):
    contact(world, "5401", "line", "Uapprover", "approver")
    contact(world, "5401", "email", "rep@example.org", "reporter")  # not told of a submission
    result = submitted(world)
    [message] = OutboxMessage.objects.all()
    assert (message.channel, message.address) == ("line", "Uapprover")
    assert "รอท่านอนุมัติ" in message.text
    assert "I-MEAN" in message.text and "อำเภอเมืองแพร่" in message.text and "ไตรมาส 1/2565" in message.text
    assert "https://kpi.phrae.example/results/approvals/" in message.text
    assert deliver().sent == 1
    assert line.pushes[0]["json"]["to"] == "Uapprover"
    assert result.pk


def test_without_approver_contacts_of_its_own_the_nearest_organisation_above_hears(world):
    contact(world, "54", "line", "Uprovince", "all")
    result = draft(world, who="rep540101", org="540101")
    actions.submit_result(result, acting_user=world.people["rep540101"], channel="web")
    assert list(OutboxMessage.objects.values_list("address", flat=True)) == ["Uprovince"]


def test_returned_and_approved_results_tell_the_reporters(world):
    contact(world, "5401", "email", "rep@example.org", "reporter")
    contact(world, "5401", "line", "Ugroup", "all")
    result = submitted(world)
    OutboxMessage.objects.all().delete()
    actions.return_result(result, acting_user=world.people["app5401"], channel="web", comment="ตัวเลขไม่ตรงกับหลักฐาน")
    texts = dict(OutboxMessage.objects.values_list("address", "text"))
    assert set(texts) == {"rep@example.org", "Ugroup"}
    assert "ส่งคืน" in texts["Ugroup"] and "ตัวเลขไม่ตรงกับหลักฐาน" in texts["Ugroup"]
    assert f"/results/{result.pk}/history/" in texts["Ugroup"]
    assert OutboxMessage.objects.get(address="rep@example.org").subject
    OutboxMessage.objects.all().delete()
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    actions.approve_result(result, acting_user=world.people["app5401"], channel="web")
    approved = OutboxMessage.objects.filter(address="rep@example.org").latest("id")
    assert "อนุมัติแล้ว" in approved.text


def test_an_action_rolled_back_leaves_no_message(world):
    contact(world, "5401", "line", "Uapprover", "approver")
    result = draft(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
        assert OutboxMessage.objects.count() == 1
        raise RuntimeError("the caller's transaction fails after the action")
    assert OutboxMessage.objects.count() == 0


def test_a_refused_action_queues_nothing(world):
    contact(world, "5401", "line", "Uapprover", "approver")
    result = draft(world)
    with pytest.raises(actions.NotAllowed):
        actions.submit_result(result, acting_user=world.people["rep5402"], channel="web")
    assert OutboxMessage.objects.count() == 0

import pytest
from django.core.exceptions import ValidationError

from govkpi.audit.models import AuditEvent
from govkpi.results import actions
from govkpi.results.models import ResultEvent
from govkpi.results.validation import Entry
from tests.results.helpers import draft


def steps(result):
    return list(
        ResultEvent.objects.filter(result=result).values_list("step", "from_status", "to_status", "actor_label")
    )


def test_the_whole_cycle_records_who_did_what_and_why(world):
    people = world.people
    result = draft(world)
    actions.submit_result(result, acting_user=people["rep5401"], channel="web")
    actions.return_result(result, acting_user=people["app5401"], channel="web", comment="แนบหลักฐานด้วย")
    draft(world, value=72.0, note="แก้ไขแล้ว")
    actions.submit_result(result, acting_user=people["rep5401"], channel="web")
    outcome = actions.approve_result(result, acting_user=people["app5401"], channel="web")
    assert outcome.result.status == "approved" and outcome.changed_ids == [result.pk]
    assert steps(result) == [
        ("create", "", "draft", "rep5401"),
        ("submit", "draft", "submitted", "rep5401"),
        ("return", "submitted", "returned", "app5401"),
        ("edit", "returned", "returned", "rep5401"),
        ("submit", "returned", "submitted", "rep5401"),
        ("approve", "submitted", "approved", "app5401"),
    ]
    assert ResultEvent.objects.get(result=result, step="return").comment == "แนบหลักฐานด้วย"
    audited = AuditEvent.objects.filter(object_type="results.result").values_list("action", flat=True)
    assert sorted(set(audited)) == sorted(
        f"results.result.{s}" for s in ("create", "submit", "return", "edit", "approve")
    )


def test_returning_needs_a_comment(world):
    result = draft(world)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    with pytest.raises(ValidationError) as error:
        actions.return_result(result, acting_user=world.people["app5401"], channel="web", comment="  ")
    assert "comment" in error.value.message_dict


def test_an_approved_result_is_locked(world):
    result = draft(world)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    actions.approve_result(result, acting_user=world.people["app5401"], channel="web")
    with pytest.raises(actions.TransitionError):
        draft(world, value=10.0)
    with pytest.raises(actions.TransitionError):
        actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")


def test_only_an_admin_reopens_and_only_with_a_reason(world):
    result = draft(world)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    actions.approve_result(result, acting_user=world.people["app5401"], channel="web")
    with pytest.raises(actions.NotAllowed):
        actions.reopen_result(result, acting_user=world.people["app5401"], channel="web", reason="ผิด")
    with pytest.raises(ValidationError):
        actions.reopen_result(result, acting_user=world.people["admin"], channel="web", reason="")
    outcome = actions.reopen_result(result, acting_user=world.people["admin"], channel="web", reason="ตัวเลขผิด")
    assert outcome.result.status == "draft"
    assert steps(result)[-1] == ("reopen", "approved", "draft", "admin")


def test_roles_are_checked_by_the_actions_themselves(world):
    with pytest.raises(actions.NotAllowed):
        draft(world, who="rep5402")  # another district
    with pytest.raises(actions.NotAllowed):
        draft(world, who="app5401")  # approvers do not enter
    result = draft(world)
    with pytest.raises(actions.NotAllowed):
        actions.submit_result(result, acting_user=world.people["viewer"], channel="web")
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    with pytest.raises(actions.NotAllowed):
        actions.approve_result(result, acting_user=world.people["rep5401"], channel="web")  # not one's own


def test_an_approver_of_a_district_approves_its_subdistricts(world):
    result = draft(world, who="rep540101", org="540101")
    actions.submit_result(result, acting_user=world.people["rep540101"], channel="api")
    assert (
        actions.approve_result(result, acting_user=world.people["app5401"], channel="api").result.status == "approved"
    )


def test_saving_the_same_values_again_changes_nothing(world):
    draft(world)
    again = actions.save_draft(
        indicator=world.mean,
        org=world.orgs["5401"],
        period="2565-Q1",
        entry=Entry(value=70.0),
        acting_user=world.people["rep5401"],
        channel="web",
    )
    assert again.changed_ids == []

from govkpi.results import actions
from govkpi.scorecards.services import score_org
from tests.results.helpers import draft


def overall(world):
    return score_org(2565, world.orgs["5401"])["overall"]["score"]


def test_the_score_changes_the_moment_a_result_is_approved_and_back_when_reopened(world):
    assert overall(world) is None
    result = draft(world, value=85.0)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    assert overall(world) is None  # submitted is not yet approved
    actions.approve_result(result, acting_user=world.people["app5401"], channel="web")
    assert overall(world) == 3.5
    actions.reopen_result(result, acting_user=world.people["admin"], channel="web", reason="ทบทวน")
    assert overall(world) is None


def test_with_a_stored_year_an_approval_refreshes_the_store_and_the_scores_stay_exact(world):
    from govkpi.audit.actions import record
    from govkpi.scorecards.incremental import materialise, policy_and_store, stored_card

    # The test world is built with the ORM; in a real database its data came through an audited load.
    record(acting_user=None, channel="cli", action="workbook.load", object_type="workbook", object_key="world")
    materialise(2565)
    result = draft(world, value=85.0)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    actions.approve_result(result, acting_user=world.people["app5401"], channel="web")
    policy, current = policy_and_store(2565)
    assert current  # refreshed in the approval itself: no full recompute needed
    card = stored_card(2565, world.orgs["5401"])
    assert card is not None and card["overall"]["score"] == 3.5 == overall(world)
    actions.reopen_result(result, acting_user=world.people["admin"], channel="web", reason="ทบทวน")
    assert policy_and_store(2565)[1]
    assert stored_card(2565, world.orgs["5401"])["overall"]["score"] is None

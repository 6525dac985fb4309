"""Every role × every workflow endpoint × its own organisation, a child and an unrelated one.

The people sit at district 5401: its reporter, its approver, a person who is both (``both5401``), a viewer of 5401,
and the province admin. The child is subdistrict 540101, the unrelated organisation district 5402. Not visible → 404
(as for an id that does not exist); visible but the role does not allow it → 403. Four eyes: nobody approves a result
they submitted themselves, whatever roles they hold (403); the results of the matrix are submitted by the system.
"""

import pytest

from govkpi.accounts.models import Membership
from govkpi.results import actions
from govkpi.results.models import Result
from govkpi.results.validation import Entry

TARGETS = {"own": "5401", "child": "540101", "unrelated": "5402"}
ENDPOINTS = ("create", "detail", "submit", "approve", "return", "reopen")
OK = {"create": 201, "detail": 200, "submit": 200, "approve": 200, "return": 200, "reopen": 200}

EXPECTED = {
    "admin": {target: OK for target in TARGETS},
    "rep5401": {
        "own": OK | {"approve": 403, "return": 403, "reopen": 403},
        "child": dict.fromkeys(ENDPOINTS, 404),
        "unrelated": dict.fromkeys(ENDPOINTS, 404),
    },
    "app5401": {
        "own": OK | {"create": 403, "submit": 403, "reopen": 403},
        "child": OK | {"create": 403, "submit": 403, "reopen": 403},
        "unrelated": dict.fromkeys(ENDPOINTS, 404),
    },
    "both5401": {  # reporter and approver of 5401: the union of the two (approving its own submission: see below)
        "own": OK | {"reopen": 403},
        "child": OK | {"create": 403, "submit": 403, "reopen": 403},
        "unrelated": dict.fromkeys(ENDPOINTS, 404),
    },
    "viewer5401": {
        "own": dict.fromkeys(ENDPOINTS, 403) | {"detail": 200},
        "child": dict.fromkeys(ENDPOINTS, 403) | {"detail": 200},
        "unrelated": dict.fromkeys(ENDPOINTS, 404),
    },
}
STATE_FOR = {"detail": "draft", "submit": "draft", "approve": "submitted", "return": "submitted", "reopen": "approved"}
CASES = [(who, target, endpoint) for who in EXPECTED for target in TARGETS for endpoint in ENDPOINTS]


@pytest.fixture
def matrix_api(api, world):
    from govkpi.accounts.actions import create_token

    viewer = world.people["viewer"].__class__.objects.create_user("viewer5401", "v@example.org", "x")
    Membership.objects.create(user=viewer, org=world.orgs["5401"], role="viewer")
    api.tokens["viewer5401"] = create_token(viewer, acting_user=None, channel="cli", scopes=["write"])
    both = world.people["viewer"].__class__.objects.create_user("both5401", "b@example.org", "x")
    for role in ("reporter", "approver"):
        Membership.objects.create(user=both, org=world.orgs["5401"], role=role)
    api.tokens["both5401"] = create_token(both, acting_user=None, channel="cli", scopes=["write"])
    return api


def result_in(world, org_code, state):
    """A result of I-MEAN in the given state, made by the system (the command line), not by the person tested."""
    result = actions.save_draft(
        indicator=world.mean,
        org=world.orgs[org_code],
        period="2565-Q1",
        entry=Entry(value=70.0),
        acting_user=None,
        channel="cli",
    ).result
    if state in ("submitted", "approved"):
        actions.submit_result(result, acting_user=None, channel="cli")
    if state == "approved":
        actions.approve_result(result, acting_user=None, channel="cli")
    return result


def call(api, world, who, org_code, endpoint):
    if endpoint == "create":
        body = {"indicator": "I-MEAN", "org": org_code, "period": "2565-Q2", "value": 70}
        return api.post("results", who, body)
    result = result_in(world, org_code, STATE_FOR[endpoint])
    if endpoint == "detail":
        return api.get(f"results/{result.pk}", who)
    body = {"comment": "ตรวจแล้ว", "reason": "ทบทวน"}
    return api.post(f"results/{result.pk}/{endpoint}", who, body)


@pytest.mark.parametrize(("who", "target", "endpoint"), CASES, ids=["-".join(case) for case in CASES])
def test_the_role_decides(matrix_api, world, who, target, endpoint):
    response = call(matrix_api, world, who, TARGETS[target], endpoint)
    assert response.status_code == EXPECTED[who][target][endpoint], response.content


@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.parametrize("endpoint", ["", "/submit", "/approve", "/return", "/reopen"])
def test_a_guessed_id_is_404_for_everyone(matrix_api, world, who, endpoint):
    result = result_in(world, "5402", "submitted")
    missing = result.pk + 1000
    method = matrix_api.get if endpoint == "" else matrix_api.post
    assert method(f"results/{missing}{endpoint}", who).status_code == 404


@pytest.mark.parametrize("who", [*EXPECTED, None])
def test_the_list_shows_exactly_the_visible_organisations(matrix_api, world, who):
    for code in TARGETS.values():
        result_in(world, code, "draft")
    result_in(world, "5402", "approved")
    response = matrix_api.get("results", who)
    if who is None:  # the public sees approved results only, as on the public site
        assert [(row["org"], row["status"]) for row in response.json()["results"]] == [("5402", "approved")]
        return
    seen = sorted(row["org"] for row in response.json()["results"])
    expected = {
        "admin": ["540101", "5401", "5402"],
        "rep5401": ["5401"],
        "app5401": ["540101", "5401"],
        "both5401": ["540101", "5401"],
        "viewer5401": ["540101", "5401"],
    }[who]
    assert seen == sorted(expected)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_token_is_401_everywhere(matrix_api, world, endpoint):
    result = result_in(world, "5401", "draft")
    path = (
        "results" if endpoint == "create" else f"results/{result.pk}" + ("" if endpoint == "detail" else f"/{endpoint}")
    )
    method = matrix_api.get if endpoint == "detail" else matrix_api.post
    # a draft is not public: reading it without a token is as if it did not exist; every write needs a token
    assert method(path).status_code == (404 if endpoint == "detail" else 401)


@pytest.mark.parametrize(("submitter", "expected"), [("both5401", 403), ("rep5401", 200), (None, 200)],
                         ids=["own-submission", "someone-else's", "the-system's"])
def test_the_reporter_and_approver_of_one_organisation_does_not_approve_their_own(matrix_api, world, submitter,
                                                                                   expected):
    created = matrix_api.post("results", "both5401", {"indicator": "I-MEAN", "org": "5401", "period": "2565-Q1",
                                                      "value": 70})
    assert created.status_code == 201
    rid = created.json()["id"]
    if submitter is None:
        actions.submit_result(Result.objects.get(pk=rid), acting_user=None, channel="cli")
    else:
        assert matrix_api.post(f"results/{rid}/submit", submitter).status_code == 200
    response = matrix_api.post(f"results/{rid}/approve", "both5401", {"comment": "ตรวจแล้ว"})
    assert response.status_code == expected, response.content
    if expected == 200:
        assert response.json()["status"] == "approved"
    else:
        assert response.json()["error"]["code"] == "forbidden"
        assert matrix_api.post(f"results/{rid}/approve", "app5401").status_code == 200  # another approver may

"""`/api/v1/projects/{code}` and its progress reports. The read: a project with its approved progress and its
disbursement per quarter against the target — the project page's figures, which are `govkpi budget`'s; public like
the page; drafts and submitted reports never show. The writes: the entry page's and approvers' actions, per role
(reporter of the organisation, of another, approver of the subtree, approver elsewhere, anonymous), the workbook's
rules as a 400 with the field and nothing written, four eyes, conflicts as 409."""

import pytest

from govkpi.accounts.actions import create_token
from govkpi.audit.models import AuditEvent
from govkpi.strategy import progress
from govkpi.strategy.models import ProjectProgress
from govkpi.strategy.progress import ProgressEntry
from govkpi.strategy.services import budget
from tests.api.conftest import ALL_SCOPES, Api
from tests.strategy.progress_world import build_progress_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw():
    return build_progress_world()


@pytest.mark.parametrize("who", [None, "rep5401", "rep5402", "app5401", "app5402"])
def test_anyone_reads_a_project_with_its_approved_progress_only(client, pw, who):
    row = progress.save_progress(project=pw.p1, period="2565-Q2", entry=ProgressEntry(300_000, None, 30, "delayed",
                                                                                       "ร่าง"),
                                 acting_user=pw.people["rep5401"], channel="web")
    progress.submit_progress(row, acting_user=pw.people["rep5401"], channel="web")
    if who:
        client.force_login(pw.people[who])
    response = client.get("/api/v1/projects/P-1")
    assert response.status_code == 200
    data = response.json()
    assert data["code"] == "P-1" and data["org"] == "5401"
    assert [line["period"] for line in data["progress"]] == ["2565-Q1"]
    assert data["progress"][0]["cumulative"] == 100_000
    q1 = next(q for q in data["quarters"] if q["quarter"] == "2565-Q1")
    line = next(p for p in budget(2565, "2565-Q1")["projects"] if p["code"] == "P-1")
    assert (q1["disbursed"], q1["rate"], q1["target_rate"], q1["behind"]) == (
        line["disbursed"], line["rate"], line["target_rate"], line["behind"])


def test_once_approved_it_shows(client, pw):
    row = progress.save_progress(project=pw.p1, period="2565-Q2", entry=ProgressEntry(300_000, None, 30, "delayed"),
                                 acting_user=pw.people["rep5401"], channel="web")
    row = progress.submit_progress(row, acting_user=pw.people["rep5401"], channel="web")
    progress.approve_progress(row, acting_user=pw.people["app5401"], channel="web")
    data = client.get("/api/v1/projects/P-1").json()
    assert [line["cumulative"] for line in data["progress"]] == [100_000, 400_000]


def test_an_unknown_project_is_a_404(client, pw):
    assert client.get("/api/v1/projects/NOPE").status_code == 404


# --- reporting through the API: the same actions as the entry page ------------------------------------------------


BODY = {"period": "2565-Q2", "disbursed": "200,000", "progress": 30, "status": "on_track", "problems": "ฝนตก"}


@pytest.fixture
def api(pw, client):
    tokens = {name: create_token(user, acting_user=None, channel="cli", scopes=ALL_SCOPES)
              for name, user in pw.people.items()}
    return Api(client, tokens)


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("rep5401", 201), ("rep5402", 404), ("app5401", 403),
                                             ("app5402", 404)])
def test_only_the_reporter_of_the_project_s_organisation_saves(api, who, status):
    response = api.post("projects/P-1/progress", who, BODY)
    assert response.status_code == status, response.content
    assert ProjectProgress.objects.filter(period="2565-Q2").exists() == (status == 201)
    if status == 201:
        assert response.json()["state"] == "draft" and response.json()["disbursed"] == 200_000
        assert AuditEvent.objects.filter(action="strategy.progress.create", channel="api").count() == 1


def test_a_rule_broken_is_a_400_with_the_field_and_nothing_written(api):
    response = api.post("projects/P-1/progress", "rep5401", BODY | {"progress": 5})
    assert response.status_code == 400
    assert "progress" in response.json()["error"]["fields"]
    response = api.post("projects/P-1/progress", "rep5401", BODY | {"disbursed": "lots"})
    assert response.status_code == 400 and "disbursed" in response.json()["error"]["fields"]
    assert not ProjectProgress.objects.filter(period="2565-Q2").exists()


def _submitted(api):
    assert api.post("projects/P-1/progress", "rep5401", BODY).status_code == 201
    assert api.post("projects/P-1/progress/2565-Q2/submit", "rep5401").status_code == 200


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("rep5401", 403), ("rep5402", 404), ("app5401", 200),
                                             ("app5402", 404)])
def test_only_an_approver_of_the_subtree_approves(api, who, status):
    _submitted(api)
    response = api.post("projects/P-1/progress/2565-Q2/approve", who)
    assert response.status_code == status, response.content
    assert ProjectProgress.objects.get(period="2565-Q2").state == ("approved" if status == 200 else "submitted")


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("rep5401", 403), ("rep5402", 404), ("app5401", 200),
                                             ("app5402", 404)])
def test_only_an_approver_of_the_subtree_returns_with_a_reason(api, who, status):
    _submitted(api)
    assert api.post("projects/P-1/progress/2565-Q2/return", "app5401", {"reason": " "}).status_code == 400
    response = api.post("projects/P-1/progress/2565-Q2/return", who, {"reason": "แนบหลักฐาน"})
    assert response.status_code == status, response.content
    row = ProjectProgress.objects.get(period="2565-Q2")
    assert row.state == ("returned" if status == 200 else "submitted")


def test_four_eyes_and_transitions_through_the_api(api, pw):
    from govkpi.accounts.models import Membership

    Membership.objects.create(user=pw.people["app5401"], org=pw.world.orgs["5401"], role="reporter")
    assert api.post("projects/P-1/progress", "app5401", BODY).status_code == 201
    assert api.post("projects/P-1/progress/2565-Q2/submit", "app5401").status_code == 200
    assert api.post("projects/P-1/progress/2565-Q2/approve", "app5401").status_code == 403  # their own
    assert api.post("projects/P-1/progress/2565-Q2/submit", "app5401").status_code == 409  # already submitted
    assert api.post("projects/P-1/progress/2565-Q2/approve", "admin").status_code == 200
    assert api.post("projects/P-1/progress", "rep5401", BODY | {"disbursed": 1}).status_code == 409  # approved
    assert api.post("projects/P-1/progress/2565-Q3/submit", "rep5401").status_code == 404  # no such report

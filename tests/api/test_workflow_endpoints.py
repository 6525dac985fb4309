"""The status codes of issue 3 item 10, endpoint by endpoint."""

from django.db import connection

NEW = {"indicator": "I-MEAN", "org": "5401", "period": "2565-Q1", "value": 70, "note": "ไตรมาสแรก"}


def test_posting_a_result_makes_a_draft(api):
    response = api.post("results", "rep5401", NEW)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft" and body["value"] == 70 and body["org"] == "5401" and body["id"] > 0


def test_posting_again_changes_the_draft(api):
    api.post("results", "rep5401", NEW)
    response = api.post("results", "rep5401", NEW | {"value": 71})
    assert response.status_code == 200 and response.json()["value"] == 71


def test_a_ratio_takes_numerator_and_denominator(api):
    body = {"indicator": "I-RATIO", "org": "5401", "period": "2565-Q1", "numerator": 3, "denominator": 4}
    response = api.post("results", "rep5401", body)
    assert response.status_code == 201 and response.json()["value"] == 75


def test_field_errors_are_400_with_the_fields(api):
    response = api.post(
        "results",
        "rep5401",
        {"indicator": "I-RATIO", "org": "5401", "period": "2565-Q1", "numerator": 3, "denominator": 0},
    )
    assert response.status_code == 400
    assert "denominator" in response.json()["error"]["fields"]
    response = api.post("results", "rep5401", {"org": "5401", "period": "2565-Q1", "value": "abc"})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) >= {"indicator", "value"}


def test_a_bad_json_body_is_400(api):
    response = api.client.post(
        "/api/v1/results",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.tokens['rep5401']}"},
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_json"


def test_no_or_a_bad_token_is_401(api):
    assert api.post("results", body=NEW).status_code == 401
    response = api.get("results", token="gk_not-a-token")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")


def test_the_cycle_through_the_api(api):
    rid = api.post("results", "rep5401", NEW).json()["id"]
    assert api.post(f"results/{rid}/submit", "rep5401").json()["status"] == "submitted"
    assert api.post(f"results/{rid}/return", "app5401", {}).status_code == 400
    returned = api.post(f"results/{rid}/return", "app5401", {"comment": "ขาดหลักฐาน"})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    api.post("results", "rep5401", NEW | {"value": 72, "evidence_url": "https://example.org/report.pdf"})
    api.post(f"results/{rid}/submit", "rep5401")
    approved = api.post(f"results/{rid}/approve", "app5401", {"comment": "ถูกต้อง"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    history = api.get(f"results/{rid}", "rep5401").json()["history"]
    assert [(h["step"], h["from"], h["to"], h["who"]) for h in history] == [
        ("create", None, "draft", "rep5401"),
        ("submit", "draft", "submitted", "rep5401"),
        ("return", "submitted", "returned", "app5401"),
        ("edit", "returned", "returned", "rep5401"),
        ("submit", "returned", "submitted", "rep5401"),
        ("approve", "submitted", "approved", "app5401"),
    ]
    assert history[2]["comment"] == "ขาดหลักฐาน" and history[0]["when"]


def test_a_transition_not_allowed_from_the_current_status_is_409(api):
    rid = api.post("results", "rep5401", NEW).json()["id"]
    assert api.post(f"results/{rid}/approve", "app5401").status_code == 409  # a draft
    api.post(f"results/{rid}/submit", "rep5401")
    api.post(f"results/{rid}/approve", "app5401")
    assert api.post(f"results/{rid}/submit", "rep5401").status_code == 409  # approved
    assert api.post("results", "rep5401", NEW).status_code == 409  # locked
    assert api.post(f"results/{rid}/reopen", "admin", {}).status_code == 400
    assert api.post(f"results/{rid}/reopen", "admin", {"reason": "แก้ตัวเลข"}).json()["status"] == "draft"


def test_the_list_filters_and_pages(api):
    for period in ("2565-Q1", "2565-Q2", "2565-Q3"):
        api.post("results", "rep5401", NEW | {"period": period})
    api.post("results", "rep5402", NEW | {"org": "5402"})
    body = api.get("results?org=5401&page_size=2", "admin").json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert api.get("results?period=2565-Q2", "admin").json()["count"] == 1
    assert api.get("results?status=approved", "admin").json()["count"] == 0
    assert api.get("results?status=bogus", "admin").status_code == 400


def test_the_list_holds_only_what_you_may_see(api):
    api.post("results", "rep5401", NEW)
    api.post("results", "rep5402", NEW | {"org": "5402"})
    assert [r["org"] for r in api.get("results", "rep5401").json()["results"]] == ["5401"]
    assert [r["org"] for r in api.get("results", "rep5402").json()["results"]] == ["5402"]
    assert api.get("results", "viewer").json()["count"] == 2


def test_a_wrong_method_is_405(api):
    assert api.call("DELETE", "results", "admin").status_code == 405


def test_a_step_on_a_result_you_may_not_see_is_404_and_on_one_you_may_see_403(api):
    rid = api.post("results", "rep5401", NEW).json()["id"]
    assert api.post(f"results/{rid}/submit", "rep5402").status_code == 404  # another district's: not found
    assert api.post(f"results/{rid + 10_000}/submit", "rep5401").status_code == 404  # no such result
    assert api.post(f"results/{rid}/submit", "app5401").status_code == 403  # seen, but approvers do not submit
    assert api.get(f"results/{rid}", "rep5401").json()["status"] == "draft"  # nothing changed
    api.post(f"results/{rid}/submit", "rep5401")
    assert api.post(f"results/{rid}/approve", "rep5402", {}).status_code == 404
    assert api.post(f"results/{rid}/return", "rep5402", {"comment": "x"}).status_code == 404
    assert api.post(f"results/{rid}/approve", "rep5401", {}).status_code == 403
    assert api.post(f"results/{rid}/reopen", "rep5401", {"reason": "x"}).status_code == 403
    assert api.get(f"results/{rid}", "app5401").json()["status"] == "submitted"


def test_saving_and_submitting_take_a_bounded_number_of_queries(api, django_assert_max_num_queries):
    """Issue 17 item 4: the work of a submission is what the write benchmark measures. Each request reads the
    token with the caller's roles (one query) and, in one query, the year's settings (the lock, the commentary rule,
    the calendar), whether the organisation is named and the indicator's results around the entry (`around`); a
    change, not a new draft, locks the result it reads, and a step reads the result it locks. It writes the result,
    its history and its audit event; a submission reads the approvers' contacts and answers with the history. On
    PostgreSQL the event is chained after the commit (not counted: the test's transaction never commits); SQLite
    chains it in the writer's transaction, four queries more. The test's own transaction turns the action's into a
    savepoint: two queries."""
    limit = 10 + (4 if connection.vendor == "sqlite" else 0)
    api.post("results", "rep5401", NEW | {"period": "2565-Q1"})  # a previous period for the jump warning
    with django_assert_max_num_queries(limit):
        created = api.post("results", "rep5401", NEW | {"period": "2565-Q2"})
    assert created.status_code == 201
    with django_assert_max_num_queries(limit):
        submitted = api.post(f"results/{created.json()['id']}/submit", "rep5401")
    assert submitted.status_code == 200 and [h["step"] for h in submitted.json()["history"]] == ["create", "submit"]

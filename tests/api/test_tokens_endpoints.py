"""`/api/v1/tokens`: your own tokens; a province administrator's view of everyone's; shown once; revoke → 401."""

from datetime import timedelta

from django.utils import timezone

from govkpi.accounts.models import ApiToken, hash_token
from govkpi.audit.models import AuditEvent


def delete(api, path, who=None, token=None):
    return api.call("DELETE", path, who, token=token)


def test_a_reporter_lists_only_their_own_tokens(api):
    response = api.get("tokens", "rep5401")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert {row["user"] for row in body["results"]} == {"rep5401"}
    assert set(body["results"][0]) == {"id", "user", "name", "prefix", "created_at", "last_used_at", "expires_at",
                                       "status", "scopes"}
    assert "token" not in body["results"][0] and "digest" not in body["results"][0]


def test_a_reporter_asking_for_someone_elses_tokens_gets_none(api):
    body = api.get("tokens?user=rep5402", "rep5401").json()
    assert body["count"] == 0


def test_a_province_admin_lists_everyones_tokens_and_filters_by_user(api, world):
    body = api.get("tokens?page_size=200", "admin").json()
    assert body["count"] == len(world.people)
    only = api.get("tokens?user=rep5402", "admin").json()
    assert [row["user"] for row in only["results"]] == ["rep5402"]


def test_anonymous_callers_get_401(api):
    assert api.get("tokens").status_code == 401
    assert api.post("tokens", body={"name": "x"}).status_code == 401


def test_create_returns_the_token_once_and_it_works(api):
    response = api.post("tokens", "rep5401", {"name": "Province data hub", "expires_in_days": 30})
    assert response.status_code == 201
    body = response.json()
    token = body["token"]
    assert token.startswith("gk_") and body["prefix"] == token[:10] and body["name"] == "Province data hub"
    assert body["status"] == "active" and body["user"] == "rep5401"
    expires = timezone.datetime.fromisoformat(body["expires_at"])
    assert abs(expires - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    stored = ApiToken.objects.get(pk=body["id"])
    assert stored.digest == hash_token(token) and token not in stored.digest
    assert api.get("tokens", token=token).status_code == 200
    listed = api.get("tokens", token=token).json()["results"]
    assert all("token" not in row for row in listed)  # never shown again
    event = AuditEvent.objects.filter(action="accounts.token.create").order_by("-id").first()
    assert event.channel == "api" and token[:10] in event.object_key and token not in str(event.changes)


def test_create_with_an_iso_expiry(api):
    when = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    body = api.post("tokens", "rep5401", {"name": "cron", "expires_at": when.isoformat()}).json()
    assert timezone.datetime.fromisoformat(body["expires_at"]) == when


def test_create_refuses_a_past_expiry_both_expiries_and_bad_days(api):
    past = (timezone.now() - timedelta(days=1)).isoformat()
    response = api.post("tokens", "rep5401", {"expires_at": past})
    assert response.status_code == 400 and "expires_at" in response.json()["error"]["fields"]
    future = (timezone.now() + timedelta(days=1)).isoformat()
    response = api.post("tokens", "rep5401", {"expires_at": future, "expires_in_days": 3})
    assert response.status_code == 400 and "expires_at" in response.json()["error"]["fields"]
    response = api.post("tokens", "rep5401", {"expires_in_days": 0})
    assert response.status_code == 400 and "expires_in_days" in response.json()["error"]["fields"]
    response = api.post("tokens", "rep5401", {"name": "x" * 101})
    assert response.status_code == 400 and "name" in response.json()["error"]["fields"]


def test_an_expired_token_gets_401_and_is_listed_as_expired(api):
    token = api.post("tokens", "rep5401", {"name": "short", "expires_in_days": 1}).json()
    ApiToken.objects.filter(pk=token["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get("tokens", token=token["token"]).status_code == 401
    rows = api.get("tokens?status=expired", "rep5401").json()["results"]
    assert [(row["id"], row["status"]) for row in rows] == [(token["id"], "expired")]
    assert api.get("tokens?status=active", "rep5401").json()["count"] == 1


def test_revoking_your_own_token_makes_it_fail_with_401(api):
    token = api.post("tokens", "rep5401", {"name": "to revoke"}).json()
    response = delete(api, f"tokens/{token['id']}", "rep5401")
    assert response.status_code == 204 and response.content == b""
    assert api.get("tokens", token=token["token"]).status_code == 401
    assert ApiToken.objects.get(pk=token["id"]).revoked
    rows = api.get("tokens?status=revoked", "rep5401").json()["results"]
    assert [row["id"] for row in rows] == [token["id"]]
    assert AuditEvent.objects.filter(action="accounts.token.revoke", channel="api").count() == 1


def test_revoking_someone_elses_token_is_404_for_others_and_allowed_for_a_province_admin(api):
    token = api.post("tokens", "rep5402", {"name": "theirs"}).json()
    assert delete(api, f"tokens/{token['id']}", "rep5401").status_code == 404
    assert delete(api, f"tokens/{token['id']}", "app5401").status_code == 404
    assert api.get("tokens", token=token["token"]).status_code == 200
    assert delete(api, f"tokens/{token['id']}", "admin").status_code == 204
    assert api.get("tokens", token=token["token"]).status_code == 401
    assert delete(api, "tokens/999999", "admin").status_code == 404


def test_a_token_can_revoke_itself(api):
    token = api.post("tokens", "rep5401", {}).json()
    assert delete(api, f"tokens/{token['id']}", token=token["token"]).status_code == 204
    assert delete(api, f"tokens/{token['id']}", token=token["token"]).status_code == 401


def test_list_ordering(api):
    for name in ("b", "a", "c"):
        api.post("tokens", "rep5401", {"name": name})
    names = [row["name"] for row in api.get("tokens?ordering=name", "rep5401").json()["results"]]
    assert names == ["", "a", "b", "c"]
    names = [row["name"] for row in api.get("tokens?ordering=-name", "rep5401").json()["results"]]
    assert names == ["c", "b", "a", ""]
    assert api.get("tokens?ordering=digest", "rep5401").status_code == 400


def test_the_list_takes_a_bounded_number_of_queries(api, django_assert_max_num_queries):
    for n in range(30):
        api.post("tokens", "admin", {"name": f"t{n}"})
    with django_assert_max_num_queries(6):
        body = api.get("tokens?page_size=200", "admin").json()
    assert body["count"] == 30 + 6


def test_a_token_that_expires_cannot_make_one_that_lives_longer(api):
    parent = api.post("tokens", "rep5401", {"name": "short", "expires_in_days": 10, "scopes": ["tokens"]}).json()
    child = api.post("tokens", token=parent["token"], body={"name": "child"})
    assert child.status_code == 201 and child.json()["expires_at"] == parent["expires_at"]
    longer = api.post("tokens", token=parent["token"], body={"expires_in_days": 30})
    assert longer.status_code == 400 and "expires_at" in longer.json()["error"]["fields"]
    shorter = api.post("tokens", token=parent["token"], body={"expires_in_days": 5})
    assert shorter.status_code == 201
    forever = api.post("tokens", "rep5401", {"name": "from a token that never expires"})
    assert forever.status_code == 201 and forever.json()["expires_at"] is None

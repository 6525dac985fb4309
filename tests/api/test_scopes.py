"""Token scopes (issue 14 item 7): ``read`` (every token), ``write`` (every POST, PUT and DELETE), ``tokens``
(creating tokens, and revoking any but itself). New tokens read only unless asked; a token never gives a new one a
scope it lacks; a token without ``tokens`` cannot make a child, so revoking a stolen token ends its access. The
OpenAPI description names each operation's scope (``x-scopes``). The every-operation proof is in
tests/api/test_every_endpoint.py (``test_a_token_without_the_operations_scope_gets_403``)."""

import pytest
from django.core.cache import cache

from govkpi.accounts.actions import create_token
from govkpi.accounts.models import ApiToken, hash_token
from govkpi.api.main import api as ninja_api
from govkpi.audit.models import AuditEvent

NEW = {"indicator": "I-MEAN", "org": "5401", "period": "2565-Q1", "value": 70}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def token_of(world, who, *scopes, **kw):
    return create_token(world.people[who], acting_user=None, channel="cli", scopes=scopes, **kw)


def delete(api, path, token):
    return api.call("DELETE", path, token=token)


def test_a_new_token_reads_only_by_default(world):
    token = create_token(world.people["rep5401"], acting_user=None, channel="cli")
    assert ApiToken.objects.get(digest=hash_token(token)).scope_list() == ["read"]


def test_read_is_always_included_and_unknown_scopes_are_refused(world):
    from django.core.exceptions import ValidationError

    token = token_of(world, "rep5401", "tokens", "write")
    assert ApiToken.objects.get(digest=hash_token(token)).scopes == "read write tokens"
    with pytest.raises(ValidationError) as refused:
        token_of(world, "rep5401", "admin")
    assert "scopes" in refused.value.message_dict
    event = AuditEvent.objects.filter(action="accounts.token.create").order_by("-id").first()
    assert event.changes["scopes"] == [None, ["read", "write", "tokens"]]


def test_a_read_only_token_reads_but_every_write_is_403(api, world):
    reader = token_of(world, "rep5401")
    assert api.get("results", token=reader).status_code == 200
    assert api.get("tokens", token=reader).status_code == 200
    refused = api.post("results", body=NEW, token=reader)
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["code"] == "forbidden" and "write" in error["message"]
    assert api.post("results", "rep5401", NEW).status_code == 201  # the same person with a write token


def test_a_write_token_writes_but_cannot_create_tokens(api, world):
    writer = token_of(world, "rep5401", "write")
    created = api.post("results", body=NEW, token=writer)
    assert created.status_code == 201
    assert api.post(f"results/{created.json()['id']}/submit", token=writer).status_code == 200
    refused = api.post("tokens", body={"name": "child"}, token=writer)
    assert refused.status_code == 403 and "tokens" in refused.json()["error"]["message"]
    assert ApiToken.objects.filter(user__username="rep5401").count() == 2  # no child was made


def test_without_the_tokens_scope_a_stolen_token_dies_with_its_revocation(api, world):
    stolen = token_of(world, "rep5401", "write")  # what every token made before scopes now has
    assert api.post("tokens", body={"name": "backdoor"}, token=stolen).status_code == 403
    row = ApiToken.objects.get(digest=hash_token(stolen))
    assert delete(api, f"tokens/{row.pk}", api.tokens["rep5401"]).status_code == 204
    assert api.get("results", token=stolen).status_code == 401
    assert not ApiToken.objects.filter(user__username="rep5401", revoked=False).exclude(
        digest=hash_token(api.tokens["rep5401"])).exists()


def test_a_token_with_the_tokens_scope_makes_read_only_children_by_default(api, world):
    parent = token_of(world, "rep5401", "tokens")
    child = api.post("tokens", body={"name": "child"}, token=parent)
    assert child.status_code == 201 and child.json()["scopes"] == ["read"]
    assert api.post("results", body=NEW, token=child.json()["token"]).status_code == 403


def test_a_token_never_gives_a_child_a_scope_it_lacks(api, world):
    parent = token_of(world, "rep5401", "tokens")  # read and tokens, not write
    refused = api.post("tokens", body={"name": "wider", "scopes": ["read", "write"]}, token=parent)
    assert refused.status_code == 400
    assert "write" in refused.json()["error"]["fields"]["scopes"][0]
    full = token_of(world, "rep5401", "write", "tokens")
    child = api.post("tokens", body={"scopes": ["write", "tokens"]}, token=full)
    assert child.status_code == 201 and child.json()["scopes"] == ["read", "write", "tokens"]
    assert api.post("results", body=NEW, token=child.json()["token"]).status_code == 201
    unknown = api.post("tokens", body={"scopes": ["admin"]}, token=full)
    assert unknown.status_code == 400 and "scopes.0" in unknown.json()["error"]["fields"]


def test_a_token_may_always_revoke_itself_but_others_only_with_the_tokens_scope(api, world):
    reader = token_of(world, "rep5401")
    writer = token_of(world, "rep5401", "write")
    reader_id = ApiToken.objects.get(digest=hash_token(reader)).pk
    writer_id = ApiToken.objects.get(digest=hash_token(writer)).pk
    refused = delete(api, f"tokens/{reader_id}", writer)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert not ApiToken.objects.get(pk=reader_id).revoked
    assert delete(api, f"tokens/{writer_id}", writer).status_code == 204
    assert delete(api, f"tokens/{reader_id}", reader).status_code == 204
    assert ApiToken.objects.filter(pk__in=[reader_id, writer_id], revoked=True).count() == 2


def test_scopes_never_widen_a_role(api, world):
    everything = token_of(world, "viewer", "write", "tokens")
    refused = api.post("results", body=NEW, token=everything)
    assert refused.status_code == 403 and "write" not in refused.json()["error"]["message"]


def test_the_tokens_list_shows_scopes(api, world):
    token_of(world, "rep5401", "write")
    rows = api.get("tokens?ordering=created_at", "rep5401").json()["results"]
    assert [row["scopes"] for row in rows] == [["read", "write", "tokens"], ["read", "write"]]


def test_the_openapi_description_names_each_operations_scope():
    schema = ninja_api.get_openapi_schema(path_prefix="/api/v1")
    assert "**Scopes**" in schema["info"]["description"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            expected = ["read"] if method == "get" else ["tokens"] if path.startswith("/api/v1/tokens") else ["write"]
            assert operation["x-scopes"] == expected, (method, path)
            assert f"Token scope: `{expected[0]}`." in operation["description"]
    post = schema["paths"]["/api/v1/tokens"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    body = schema["components"]["schemas"][post["$ref"].split("/")[-1]]
    assert body["properties"]["scopes"]["default"] == ["read"]

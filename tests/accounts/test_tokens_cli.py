"""`govkpi token create|list|revoke`."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from govkpi.accounts.models import ApiToken, hash_token
from govkpi.audit.models import AuditEvent


def run(*args):
    out = io.StringIO()
    call_command("token", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_create_with_a_name_and_an_expiry(world):
    token = run("create", "rep5401", "--name", "data hub", "--expires-days", "30").strip().splitlines()[-1]
    row = ApiToken.objects.get(digest=hash_token(token))
    assert row.name == "data hub" and row.user.get_username() == "rep5401"
    assert abs(row.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert AuditEvent.objects.get(action="accounts.token.create").channel == "cli"


def test_create_refuses_a_silly_expiry(world):
    with pytest.raises(CommandError):
        run("create", "rep5401", "--expires-days", "0")
    assert not ApiToken.objects.exists()


def test_list_shows_every_token_or_one_users_with_their_status(world):
    first = run("create", "rep5401", "--name", "hub").strip()
    run("create", "rep5402", "--name", "sheet", "--expires-days", "1")
    ApiToken.objects.filter(user__username="rep5402").update(expires_at=timezone.now() - timedelta(hours=1))
    lines = run("list").strip().splitlines()
    assert lines[0].split("\t") == ["prefix", "user", "name", "created", "last used", "expires", "scopes", "status"]
    rows = {line.split("\t")[1]: line.split("\t") for line in lines[1:]}
    assert rows["rep5401"][0] == first[:10] and rows["rep5401"][2] == "hub" and rows["rep5401"][-1] == "active"
    assert rows["rep5401"][-2] == "read"  # least privilege unless --scope
    assert rows["rep5402"][-1] == "expired"
    assert first not in "\n".join(lines)
    only = run("list", "--user", "rep5402").strip().splitlines()[1:]
    assert [line.split("\t")[1] for line in only] == ["rep5402"]


def test_revoke_by_prefix(world, client):
    token = run("create", "rep5401").strip()
    out = run("revoke", token[:10] + "…")
    assert "revoked" in out and "rep5401" in out
    assert ApiToken.objects.get().revoked
    assert run("list").strip().splitlines()[1].endswith("\trevoked")
    response = client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_revoke_an_unknown_prefix_fails(world):
    with pytest.raises(CommandError):
        run("revoke", "gk_nothing")

"""Token actions: create (named, expiring, shown once, only the hash kept), revoke, who manages which; audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from govkpi.accounts.actions import (
    create_token,
    expiry_in_days,
    manageable_tokens,
    revoke_token,
    token_status,
)
from govkpi.accounts.models import ApiToken, hash_token
from govkpi.audit.models import AuditEvent


def test_create_keeps_name_expiry_and_only_the_hash(world):
    rep = world.people["rep5401"]
    when = expiry_in_days(90)
    token = create_token(rep, acting_user=rep, channel="web", name="  data hub ", expires_at=when)
    row = ApiToken.objects.get(user=rep)
    assert (row.name, row.expires_at, row.prefix) == ("data hub", when, token[:10])
    assert row.digest == hash_token(token) and not ApiToken.objects.filter(digest=token).exists()
    event = AuditEvent.objects.get(action="accounts.token.create")
    assert event.channel == "web" and event.actor == rep and token not in event.object_key + str(event.changes)
    assert event.changes["name"] == [None, "data hub"]


def test_existing_callers_still_get_an_unnamed_token_that_never_expires(world):
    token = create_token(world.people["rep5401"], acting_user=None, channel="cli")
    row = ApiToken.objects.get(digest=hash_token(token))
    assert (row.name, row.expires_at, token_status(row)) == ("", None, "active")


def test_create_refuses_a_past_expiry_and_a_long_name(world):
    rep = world.people["rep5401"]
    with pytest.raises(ValidationError) as error:
        create_token(rep, acting_user=rep, channel="web", expires_at=timezone.now() - timedelta(seconds=1))
    assert "expires_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create_token(rep, acting_user=rep, channel="web", name="x" * 101)
    assert "name" in error.value.message_dict
    assert not ApiToken.objects.exists() and not AuditEvent.objects.filter(action="accounts.token.create").exists()


def test_status_is_active_expired_or_revoked(world):
    rep = world.people["rep5401"]
    create_token(rep, acting_user=rep, channel="web", expires_at=expiry_in_days(1))
    row = ApiToken.objects.get()
    assert token_status(row) == "active"
    assert token_status(row, timezone.now() + timedelta(days=2)) == "expired"
    row = revoke_token(row, acting_user=rep, channel="web")
    assert token_status(row) == "revoked"


def test_revoke_is_audited_once(world):
    rep = world.people["rep5401"]
    create_token(rep, acting_user=rep, channel="web")
    row = ApiToken.objects.get()
    revoke_token(row, acting_user=rep, channel="web")
    revoke_token(row, acting_user=rep, channel="web")
    assert ApiToken.objects.get().revoked
    assert AuditEvent.objects.filter(action="accounts.token.revoke").count() == 1


def test_people_manage_their_own_tokens_and_a_province_admin_everyones(world):
    for name in ("rep5401", "rep5402", "admin"):
        create_token(world.people[name], acting_user=None, channel="cli")
    own = manageable_tokens(world.people["rep5401"])
    assert [row.user.get_username() for row in own] == ["rep5401"]
    assert manageable_tokens(world.people["app5401"]).count() == 0  # an approver of 5401 does not see its reporter's
    assert manageable_tokens(world.people["admin"]).count() == 3

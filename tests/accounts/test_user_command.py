import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from govkpi.accounts.models import Membership
from govkpi.audit.models import AuditEvent


def test_user_add_creates_a_reporter_with_a_checked_password(world, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("correct-horse-battery-staple\n"))
    call_command("user", "add", "somchai", "--org", "5402", "--role", "reporter", "--password-stdin")
    user = get_user_model().objects.get(username="somchai")
    assert user.check_password("correct-horse-battery-staple")
    assert list(Membership.objects.filter(user=user).values_list("org__code", "role")) == [("5402", "reporter")]
    assert AuditEvent.objects.filter(action="accounts.user.add", object_key="somchai", channel="cli").exists()


def test_user_add_refuses_a_weak_password(world, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("12345678\n"))
    with pytest.raises(CommandError):
        call_command("user", "add", "weak", "--org", "5402", "--role", "reporter", "--password-stdin")
    assert not get_user_model().objects.filter(username="weak").exists()


def test_user_add_gives_an_existing_user_another_role(world):
    call_command("user", "add", "rep5401", "--org", "5402", "--role", "viewer")
    roles = Membership.objects.filter(user__username="rep5401").values_list("org__code", "role").order_by("org__code")
    assert list(roles) == [("5401", "reporter"), ("5402", "viewer")]


def test_user_add_names_an_unknown_organisation(world):
    with pytest.raises(CommandError, match="9999"):
        call_command("user", "add", "x", "--org", "9999", "--role", "reporter")

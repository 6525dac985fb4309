"""`govkpi user add … --role` repeated or comma-separated: one membership per role, all or nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from govkpi.accounts.models import Membership
from govkpi.accounts.permissions import can_approve, can_enter
from govkpi.audit.models import AuditEvent


def roles(username):
    return list(Membership.objects.filter(user__username=username).order_by("org__code", "role")
                .values_list("org__code", "role"))


@pytest.mark.parametrize("args", [["--role", "reporter", "--role", "approver"], ["--role", "reporter,approver"],
                                  ["--role", "approver, reporter", "--role", "reporter"]])
def test_one_person_gets_several_roles_in_one_command(world, args):
    out = io.StringIO()
    call_command("user", "add", "somsri", "--org", "5402", *args, stdout=out)
    assert roles("somsri") == [("5402", "approver"), ("5402", "reporter")]
    user = get_user_model().objects.get(username="somsri")
    assert can_enter(user, world.orgs["5402"]) and can_approve(user, world.orgs["5402"])
    assert "somsri" in out.getvalue() and "of 5402" in out.getvalue()
    assert AuditEvent.objects.filter(action="accounts.user.add", object_key="somsri").count() == 1
    assert AuditEvent.objects.filter(action="accounts.membership.add", object_key="somsri").count() == 1


def test_an_existing_user_gets_the_roles_added_and_a_held_role_changes_nothing(world):
    call_command("user", "add", "rep5401", "--org", "5401", "--role", "reporter,approver", stdout=io.StringIO())
    call_command("user", "add", "rep5401", "--org", "5401", "--role", "approver", stdout=io.StringIO())
    assert roles("rep5401") == [("5401", "approver"), ("5401", "reporter")]


def test_the_password_is_read_once_for_every_role(world, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("correct-horse-battery-staple\n"))
    call_command("user", "add", "somsak", "--org", "5402", "--role", "reporter", "--role", "approver",
                 "--password-stdin", stdout=io.StringIO())
    assert get_user_model().objects.get(username="somsak").check_password("correct-horse-battery-staple")
    assert roles("somsak") == [("5402", "approver"), ("5402", "reporter")]


@pytest.mark.parametrize("role", ["reporter,boss", "reporter,", "boss"])
def test_an_unknown_role_names_the_choices_and_adds_nothing(world, role):
    with pytest.raises(CommandError, match="approver"):
        call_command("user", "add", "nobody", "--org", "5402", "--role", "reporter", "--role", role)
    assert not get_user_model().objects.filter(username="nobody").exists()


def test_a_weak_password_adds_no_role_at_all(world, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("12345678\n"))
    with pytest.raises(CommandError):
        call_command("user", "add", "weak", "--org", "5402", "--role", "reporter,approver", "--password-stdin")
    assert not get_user_model().objects.filter(username="weak").exists()
    assert not Membership.objects.filter(user__username="weak").exists()


def test_the_help_shows_how_to_give_several_roles():
    from django.core.management import load_command_class

    parser = load_command_class("govkpi.accounts", "user").create_parser("govkpi", "user")
    sub = next(action for action in parser._actions if action.dest == "verb")
    text = " ".join(sub.choices["add"].format_help().split())
    assert "--role reporter,approver" in text and "--role reporter --role approver" in text

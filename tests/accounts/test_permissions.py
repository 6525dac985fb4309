import pytest
from django.contrib.auth.models import AnonymousUser

from govkpi.accounts.permissions import can_approve, can_enter, can_view, is_province_admin, visible_orgs


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def test_a_province_admin_sees_and_does_everything(world):
    admin = world.people["admin"]
    assert is_province_admin(admin)
    assert codes(visible_orgs(admin)) == ["54", "5401", "540101", "5402"]
    assert all(can_approve(admin, org) and can_enter(admin, org) for org in world.orgs.values())


def test_a_superuser_counts_as_admin(world, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "b@example.org", "x")
    assert is_province_admin(boss)
    assert can_approve(boss, world.orgs["5402"])


def test_a_reporter_sees_and_enters_only_its_own_organisation(world):
    reporter = world.people["rep5401"]
    assert codes(visible_orgs(reporter)) == ["5401"]
    assert can_enter(reporter, world.orgs["5401"])
    assert not can_enter(reporter, world.orgs["540101"])
    assert not can_view(reporter, world.orgs["5402"])
    assert not can_approve(reporter, world.orgs["5401"])


def test_an_approver_approves_its_organisation_and_everything_below(world):
    approver = world.people["app5401"]
    assert codes(visible_orgs(approver)) == ["5401", "540101"]
    assert can_approve(approver, world.orgs["5401"]) and can_approve(approver, world.orgs["540101"])
    assert not can_approve(approver, world.orgs["54"]) and not can_approve(approver, world.orgs["5402"])
    assert not can_enter(approver, world.orgs["5401"])


def test_a_viewer_reads_below_its_organisation_but_changes_nothing(world):
    viewer = world.people["viewer"]
    assert codes(visible_orgs(viewer)) == ["54", "5401", "540101", "5402"]
    assert not any(can_enter(viewer, org) or can_approve(viewer, org) for org in world.orgs.values())


@pytest.mark.parametrize("who", ["anonymous", "inactive"])
def test_anonymous_and_inactive_users_have_no_rights(world, who):
    user = AnonymousUser()
    if who == "inactive":
        user = world.people["admin"]
        user.is_active = False
        user.save()
    assert codes(visible_orgs(user)) == []
    assert not can_view(user, world.orgs["54"])

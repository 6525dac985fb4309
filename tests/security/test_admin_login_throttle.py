"""Every login form is throttled: /admin/login/ counts failures and locks out exactly like /accounts/login/ — the
same counters (one LoginFailure table), the same limits, and the same audit event when a lockout starts."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from govkpi.accounts.forms import ThrottledAdminLoginForm
from govkpi.accounts.models import LoginFailure
from govkpi.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-passphrase"
ADMIN_LOGIN = "admin:login"


@pytest.fixture
def root(settings):
    settings.GOVKPI_LOGIN_MAX_FAILURES = 5
    settings.GOVKPI_LOGIN_WINDOW_MINUTES = 15
    return get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)


def post(client, name, username, password):
    return client.post(reverse(name), {"username": username, "password": password, "next": "/admin/"})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def lockouts():
    return list(AuditEvent.objects.filter(action="accounts.login.lockout").order_by("id"))


def test_the_admin_site_uses_the_throttled_form():
    assert admin.site.login_form is ThrottledAdminLoginForm


def test_the_admin_login_works_with_the_right_password(client, root):
    response = post(client, ADMIN_LOGIN, "root", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_five_failed_admin_logins_lock_the_account_out_even_with_the_right_password(client, root):
    for _ in range(5):
        assert post(client, ADMIN_LOGIN, "root", "wrong").status_code == 200
    response = post(client, ADMIN_LOGIN, "root", PASSWORD)
    assert response.status_code == 200 and not signed_in(client)
    assert [error.code for error in response.context["form"].non_field_errors().as_data()] == ["throttled"]
    assert LoginFailure.objects.filter(username="root").count() == 5  # refused attempts are not even counted
    [event] = lockouts()
    assert (event.channel, event.object_type, event.object_key) == ("admin", "auth.user", "root")
    assert event.changes["locked_by"] == "username" and event.changes["address"] == "127.0.0.1"
    assert event.actor is None


def test_the_counters_are_shared_between_the_two_login_forms(client, root):
    for _ in range(3):
        post(client, "accounts:login", "root", "wrong")
    for _ in range(2):
        post(client, ADMIN_LOGIN, "root", "wrong")
    assert len(lockouts()) == 1 and lockouts()[0].channel == "admin"
    for name in ("accounts:login", ADMIN_LOGIN):
        post(client, name, "root", PASSWORD)
        assert not signed_in(client)
    assert len(lockouts()) == 1  # one event per lockout, not one per refused attempt


def test_the_accounts_login_audits_its_lockouts_the_same_way(client, root):
    for _ in range(5):
        post(client, "accounts:login", "Root", "wrong")  # usernames are counted case-insensitively
    [event] = lockouts()
    assert (event.channel, event.object_key, event.changes["locked_by"]) == ("web", "root", "username")
    assert post(client, ADMIN_LOGIN, "root", PASSWORD).status_code == 200 and not signed_in(client)


def test_one_address_guessing_many_names_is_locked_out_of_the_admin(client, root):
    for number in range(20):  # four times the per-name limit: an office shares one address
        post(client, ADMIN_LOGIN, f"guess{number}", "wrong")
    assert post(client, ADMIN_LOGIN, "root", PASSWORD).status_code == 200 and not signed_in(client)
    assert [event.changes["locked_by"] for event in lockouts()] == ["address"]


def test_a_non_staff_user_with_the_right_password_counts_as_a_failure_in_the_admin(client, root):
    get_user_model().objects.create_user("rep", password=PASSWORD)
    assert post(client, ADMIN_LOGIN, "rep", PASSWORD).status_code == 200 and not signed_in(client)
    assert LoginFailure.objects.filter(username="rep").count() == 1


def test_a_successful_admin_login_clears_the_failures(client, root):
    for _ in range(4):
        post(client, ADMIN_LOGIN, "root", "wrong")
    post(client, ADMIN_LOGIN, "root", PASSWORD)
    assert signed_in(client) and not LoginFailure.objects.filter(username="root").exists()

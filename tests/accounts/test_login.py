from django.urls import reverse

from tests.results.builders import PASSWORD


def test_a_reporter_logs_in_and_lands_on_my_tasks(world, client):
    response = client.post(reverse("accounts:login"), {"username": "rep5401", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("results:tasks")


def test_logins_are_throttled_after_five_failures_even_with_the_right_password(world, client, settings):
    settings.GOVKPI_LOGIN_MAX_FAILURES = 5
    for _ in range(5):
        response = client.post(reverse("accounts:login"), {"username": "rep5401", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("accounts:login"), {"username": "rep5401", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_login_form_is_protected_by_csrf(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "rep5401", "password": PASSWORD})
    assert response.status_code == 403


def test_signing_out_takes_a_post(world, client):
    client.login(username="rep5401", password=PASSWORD)
    assert client.get(reverse("accounts:logout")).status_code == 200
    assert "_auth_user_id" in client.session
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session

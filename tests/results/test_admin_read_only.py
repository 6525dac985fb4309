"""The admin shows results but cannot change them: the workflow is the only way (history, stored scores)."""

import pytest
from django.contrib.auth import get_user_model

from govkpi.results import actions
from govkpi.results.validation import Entry
from tests.results.builders import build_world

pytestmark = pytest.mark.django_db


def test_a_superuser_can_look_results_up_but_not_change_them(client):
    world = build_world()
    result = actions.save_draft(indicator=world.mean, org=world.orgs["5401"], period="2565-Q1",
                                entry=Entry(value=70.0), acting_user=None, channel="cli").result
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x-Strong-Pass-9")
    client.force_login(admin)
    assert client.get("/admin/results/result/").status_code == 200
    assert client.get("/admin/results/result/add/").status_code == 403
    page = client.get(f"/admin/results/result/{result.pk}/change/")
    assert page.status_code == 200 and b'name="value"' not in page.content
    assert client.post(f"/admin/results/result/{result.pk}/change/", {"value": "5"}).status_code == 403
    assert client.post(f"/admin/results/result/{result.pk}/delete/", {"post": "yes"}).status_code == 403
    result.refresh_from_db()
    assert result.value == 70.0

"""Commentary and corrective actions have audited admin pages that refuse what the workbook refuses."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from govkpi.audit.models import AuditEvent
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Goal, Indicator
from govkpi.strategy.models import Commentary, CorrectiveAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, strategy):
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x-Strong-Pass-9")
    client.force_login(root)
    return client


@pytest.mark.parametrize("model", ["commentary", "correctiveaction"])
def test_each_has_a_list_and_an_add_page(admin_client, model):
    assert admin_client.get(f"/admin/strategy/{model}/").status_code == 200
    assert admin_client.get(f"/admin/strategy/{model}/add/").status_code == 200


def test_commentary_on_both_an_indicator_and_a_goal_is_refused(admin_client):
    data = {"org": OrgUnit.objects.get(code="5401").pk, "indicator": Indicator.objects.get(code="G01-1").pk,
            "goal": Goal.objects.get(code="G01").pk, "period": "2565-Q1", "problems": "x"}
    response = admin_client.post("/admin/strategy/commentary/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "exactly one of indicator or goal" in response.content.decode()
    del data["goal"]
    data["period"] = "2565-Q5"
    response = admin_client.post("/admin/strategy/commentary/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and not Commentary.objects.exists()


def test_a_corrective_action_is_saved_and_audited(admin_client):
    data = {"code": "CA-9", "indicator": Indicator.objects.get(code="G01-1").pk,
            "org": OrgUnit.objects.get(code="5401").pk, "title_th": "เร่งรัด", "status": "open",
            "opened_in": "2565-q2", "due": "2022-03-31"}
    response = admin_client.post("/admin/strategy/correctiveaction/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert CorrectiveAction.objects.get(code="CA-9").opened_in == "2565-Q2"
    assert AuditEvent.objects.filter(action="strategy.correctiveaction.add").latest("seq").channel == "admin"

"""Every strategy model has an audited admin; the admin refuses what the workbook refuses (core rules)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from govkpi.audit.models import AuditEvent
from govkpi.strategy.models import DisbursementTarget, Project, ProjectProgress

pytestmark = pytest.mark.django_db

PAGES = ["plan", "planitem", "target", "project", "projectprogress", "disbursementtarget"]


@pytest.fixture
def admin_client(client, strategy):
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x-Strong-Pass-9")
    client.force_login(root)
    return client


@pytest.mark.parametrize("model", PAGES)
def test_every_model_has_a_list_and_an_add_page(admin_client, model):
    assert admin_client.get(f"/admin/strategy/{model}/").status_code == 200
    assert admin_client.get(f"/admin/strategy/{model}/add/").status_code == 200


def test_a_progress_row_breaking_a_rule_is_refused_with_the_rules_words(admin_client, settings):
    settings.LANGUAGE_CODE = "en"
    project = Project.objects.get(code="P2565-001")
    data = {"project": project.pk, "period": "2565-M02", "disbursed": "10", "progress": "50", "status": "on_track"}
    response = admin_client.post("/admin/strategy/projectprogress/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "overlaps" in response.content.decode()
    assert not ProjectProgress.objects.filter(period="2565-M02").exists()
    data["period"] = "2565-Q3"
    data["disbursed"] = "700000"  # 100,000 + 250,000 already paid: 1,050,000 > 1,000,000
    response = admin_client.post("/admin/strategy/projectprogress/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert "exceed its allocation" in response.content.decode()


def test_a_valid_row_is_saved_and_audited(admin_client):
    project = Project.objects.get(code="P2565-001")
    data = {"project": project.pk, "period": "2565-Q3", "disbursed": "100000", "progress": "50", "status": "on_track"}
    response = admin_client.post("/admin/strategy/projectprogress/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ProjectProgress.objects.filter(project=project, period="2565-Q3").exists()
    event = AuditEvent.objects.filter(action="strategy.projectprogress.add").latest("seq")
    assert event.channel == "admin"


def test_a_decreasing_share_is_refused(admin_client):
    data = {"fiscal_year": "2565", "period": "2565-Q3", "kind": "", "share": "0.3"}
    response = admin_client.post("/admin/strategy/disbursementtarget/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not DisbursementTarget.objects.filter(period="2565-Q3").exists()

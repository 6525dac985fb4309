"""The overdue board by organisation, with escalation to the organisation's approver."""

from django.core import mail
from django.urls import reverse

from govkpi.audit.models import AuditEvent
from tests.results.builders import PASSWORD


def test_the_province_officer_sees_every_late_organisation_and_escalates(world, client, django_assert_max_num_queries):
    client.login(username="admin", password=PASSWORD)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("results:overdue")).content.decode()
    for code in ("5401", "540101", "5402"):
        assert code in page
    assert "app5401" in page
    response = client.post(reverse("results:escalate", args=["540101"]) + "?fy=2565")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["app5401@example.org"]]  # the nearest approver above the subdistrict
    assert "540101" in mail.outbox[0].body and "I-MEAN" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="results.escalate", object_key="540101").exists()


def test_an_approver_sees_its_part_of_the_tree_and_a_reporter_nothing(world, client):
    client.login(username="app5401", password=PASSWORD)
    page = client.get(reverse("results:overdue")).content.decode()
    assert "540101" in page and "5402 " not in page
    assert client.post(reverse("results:escalate", args=["5402"])).status_code == 404
    client.logout()
    client.login(username="rep5401", password=PASSWORD)
    assert client.get(reverse("results:overdue")).status_code == 403
    assert client.post(reverse("results:escalate", args=["5401"])).status_code == 403

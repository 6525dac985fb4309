"""The outbox page: province admins see failed and waiting notices and retry one (POST, audited); no one else."""

import pytest
from django.urls import reverse

from govkpi.audit.models import AuditEvent
from govkpi.notify.choices import Status
from govkpi.notify.models import OutboxMessage
from govkpi.notify.outbox import deliver, enqueue
from tests.results.builders import PASSWORD


def login(client, world, who):
    assert client.login(username=who, password=PASSWORD)


@pytest.fixture
def failed(world, line):
    enqueue("line", "Ubad-id", "ผลการดำเนินงานรออนุมัติ")
    line.answer((400, {}, '{"message":"Invalid to"}'))
    deliver()
    return OutboxMessage.objects.get()


def test_an_admin_sees_the_failed_notice_and_its_reason_in_thai_and_english(client, world, failed):
    login(client, world, "admin")
    page = client.get(reverse("notify:outbox"), HTTP_ACCEPT_LANGUAGE="th")
    text = page.content.decode()
    assert page.status_code == 200
    assert "การแจ้งเตือนที่ยังส่งไม่ถึง" in text and "Ubad-id" in text and "Invalid to" in text
    assert "ส่งใหม่เดี๋ยวนี้" in text
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(reverse("notify:outbox")).content.decode()
    assert "Notices not yet delivered" in english and "Retry now" in english


def test_retry_now_makes_it_due_again_and_is_audited(client, world, failed, line):
    login(client, world, "admin")
    page = client.post(reverse("notify:retry", args=[failed.pk]))
    assert page.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.PENDING, 0)
    event = AuditEvent.objects.filter(action="notify.outbox.retry").get()
    assert event.object_key.startswith(f"{failed.pk} line Ubad-id")
    assert deliver().sent == 1
    assert client.post(reverse("notify:retry", args=[failed.pk])).status_code == 302  # already sent: nothing
    assert AuditEvent.objects.filter(action="notify.outbox.retry").count() == 1


def test_retry_is_a_post(client, world, failed):
    login(client, world, "admin")
    assert client.get(reverse("notify:retry", args=[failed.pk])).status_code == 405


@pytest.mark.parametrize("who", ["rep5401", "app5401", "viewer"])
def test_nobody_else_sees_or_retries(client, world, failed, who):
    login(client, world, who)
    assert client.get(reverse("notify:outbox")).status_code == 403
    assert client.post(reverse("notify:retry", args=[failed.pk])).status_code == 403
    failed.refresh_from_db()
    assert failed.status == Status.FAILED


def test_anonymous_people_are_sent_to_log_in(client, world, failed):
    for page in (client.get(reverse("notify:outbox")), client.post(reverse("notify:retry", args=[failed.pk]))):
        assert page.status_code == 302 and "/login" in page["Location"]
    failed.refresh_from_db()
    assert failed.status == Status.FAILED

"""`govkpi remind` also queues a notice per contact whose role matches, once a day, besides its e-mails."""

import io

from django.core import mail
from django.core.management import call_command

from govkpi.notify.models import Contact, OutboxMessage
from govkpi.results import actions
from tests.results.helpers import draft


def remind(today, days=7):
    out = io.StringIO()
    call_command("remind", "--fiscal-year", "2565", "--today", today, "--days", str(days), stdout=out)
    return out.getvalue().strip()


def test_reporter_and_approver_contacts_hear_what_concerns_them(world, line):
    Contact.objects.create(org=world.orgs["5401"], channel="line", address="Urep5401", role="reporter")
    Contact.objects.create(org=world.orgs["5402"], channel="email", address="office5402@example.org", role="all")
    Contact.objects.create(org=world.orgs["54"], channel="line", address="Uprovince", role="approver")
    result = draft(world, who="rep5402", org="5402")
    actions.submit_result(result, acting_user=world.people["rep5402"], channel="web")
    OutboxMessage.objects.all().delete()  # the submission's own notice
    summary = remind("2022-01-10", days=7)
    assert summary.startswith("reminded 3 reporters of 5 items")  # the e-mails as before
    assert summary.endswith("queued 4 notices to contacts")
    assert len(mail.outbox) == 3
    texts = dict(OutboxMessage.objects.values_list("address", "text"))
    assert set(texts) == {"Urep5401", "office5402@example.org", "Uprovince"}
    office = OutboxMessage.objects.filter(address="office5402@example.org").order_by("id")
    assert [m.subject for m in office] == ["govkpi: ผลการดำเนินงานที่ต้องรายงาน", "govkpi: ผลการดำเนินงานที่รออนุมัติ"]
    assert "อำเภอเมืองแพร่" in texts["Urep5401"] and "I-MEAN" in texts["Urep5401"]
    assert "ไตรมาส 1/2565" in texts["Urep5401"] and "https://kpi.phrae.example/results/" in texts["Urep5401"]
    assert "1" in texts["Uprovince"] and "รอการอนุมัติ" in texts["Uprovince"]
    assert remind("2022-01-10", days=7).endswith("queued 0 notices to contacts")  # once a day
    assert remind("2022-01-11", days=7).endswith("queued 4 notices to contacts")


def test_contacts_with_nothing_due_hear_nothing(world):
    Contact.objects.create(org=world.orgs["5401"], channel="line", address="Urep5401", role="reporter")
    Contact.objects.create(org=world.orgs["5401"], channel="line", address="Uapp", role="approver")
    assert remind("2022-01-01", days=7).endswith("queued 0 notices to contacts")
    assert OutboxMessage.objects.count() == 0

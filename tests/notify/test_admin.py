"""Contacts are kept in the admin, audited; the outbox is read-only there."""

from django.contrib.auth import get_user_model

from govkpi.audit.models import AuditEvent
from govkpi.notify.models import Contact
from govkpi.notify.outbox import enqueue


def test_a_contact_added_in_the_admin_is_audited_and_the_outbox_is_read_only(client, world):
    get_user_model().objects.create_superuser("root", "root@example.org", "a-long-test-passphrase")
    assert client.login(username="root", password="a-long-test-passphrase")
    page = client.post("/admin/notify/contact/add/", {
        "org": world.orgs["5401"].pk, "channel": "line", "address": "C" + "0123456789abcdef" * 2, "role": "approver",
        "extra": "{}",
    })
    assert page.status_code == 302, page.content.decode()[:2000]
    contact = Contact.objects.get()
    assert AuditEvent.objects.get(action="notify.contact.add").object_key == str(contact)
    enqueue("line", "U1", "x")
    assert client.get("/admin/notify/outboxmessage/").status_code == 200
    assert client.get("/admin/notify/outboxmessage/add/").status_code == 403


def test_the_admin_refuses_an_address_that_does_not_suit_the_channel(client, world):
    get_user_model().objects.create_superuser("root", "root@example.org", "a-long-test-passphrase")
    assert client.login(username="root", password="a-long-test-passphrase")
    for channel, address in (("line", "@phrae-office"), ("email", "not-an-address"), ("line", "U" + "A" * 32)):
        page = client.post("/admin/notify/contact/add/", {
            "org": world.orgs["5401"].pk, "channel": channel, "address": address, "role": "all", "extra": "{}",
        })
        assert page.status_code == 200 and "errorlist" in page.content.decode(), address
    assert Contact.objects.count() == 0

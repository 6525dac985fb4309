"""`govkpi doctor`'s LINE check: the token, LINE's answer to it (the fake server), failed and stuck notices."""

import datetime as dt

from django.utils import timezone

from govkpi.notify.models import Contact, OutboxMessage
from govkpi.notify.outbox import enqueue
from govkpi.ops.doctor import check_line


def test_unused_is_fine(db, settings):
    settings.GOVKPI_LINE_TOKEN = ""
    assert check_line().status == "ok"


def test_line_contacts_without_a_token_warn(world, settings):
    settings.GOVKPI_LINE_TOKEN = ""
    Contact.objects.create(org=world.orgs["54"], channel="line", address="U1", role="all")
    finding = check_line()
    assert finding.status == "warning" and "GOVKPI_LINE_TOKEN" in finding.fix


def test_the_token_is_tried_against_line(db, line):
    finding = check_line()
    assert finding.status == "ok" and line.url in finding.message
    assert line.requests[-1]["path"] == "/v2/bot/info"
    assert line.requests[-1]["authorization"] == "Bearer test-channel-token"
    line.answer((401, {}, '{"message":"Authentication failed"}'))
    finding = check_line()
    assert finding.status == "warning" and "401" in finding.message


def test_failed_and_never_tried_notices_warn(db, line):
    enqueue("line", "U1", "x")
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - dt.timedelta(hours=3))
    assert "deliver" in check_line().fix
    OutboxMessage.objects.update(status="failed")
    finding = check_line()
    assert finding.status == "warning" and "/notices/" in finding.fix

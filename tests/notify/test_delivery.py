"""`deliver`: LINE pushes to the fake server, e-mail through Django's mail; 429, 4xx, 5xx and a dead network."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from govkpi.notify.choices import Status
from govkpi.notify.models import OutboxMessage
from govkpi.notify.outbox import MAX_ATTEMPTS, claim, deliver, enqueue, line_chunks

pytestmark = pytest.mark.django_db


def queued(text="แจ้งเตือน", channel="line", address="U1234"):
    assert enqueue(channel, address, text, subject="govkpi")
    return OutboxMessage.objects.latest("id")


def test_a_line_message_is_pushed_with_the_token_and_marked_sent(line):
    message = queued("ผลการดำเนินงานรออนุมัติ")
    now = timezone.now()
    assert deliver(now).sent == 1
    [push] = line.pushes
    assert push["method"] == "POST"
    assert push["authorization"] == "Bearer test-channel-token"
    assert push["json"] == {"to": "U1234", "messages": [{"type": "text", "text": "ผลการดำเนินงานรออนุมัติ"}]}
    message.refresh_from_db()
    assert (message.status, message.attempts, message.sent_at, message.last_error) == (Status.SENT, 1, now, "")
    assert deliver(now).sent == 0 and len(line.pushes) == 1  # never sent twice


def test_429_waits_as_long_as_retry_after_says(line):
    message = queued()
    line.answer((429, {"Retry-After": "120"}, '{"message":"The API rate limit has been exceeded."}'))
    now = timezone.now()
    assert deliver(now).later == 1
    message.refresh_from_db()
    assert message.status == Status.PENDING and message.attempts == 1
    assert message.next_attempt_at == now + dt.timedelta(seconds=120)
    assert "429" in message.last_error and "rate limit" in message.last_error
    assert deliver(now + dt.timedelta(seconds=119)).sent == 0  # not due yet
    assert deliver(now + dt.timedelta(seconds=120)).sent == 1


def test_a_server_error_backs_off_doubling_with_jitter_and_gives_up_in_the_end(line):
    message = queued()
    now = timezone.now()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        line.answer((500, {}, '{"message":"internal"}'))
        deliver(now)
        message.refresh_from_db()
        assert message.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            wait = (message.next_attempt_at - now).total_seconds()
            expected = min(60 * 2 ** (attempt - 1), 6 * 3600)
            assert expected * 0.9 <= wait <= expected * 1.1
            now = message.next_attempt_at
    assert message.status == Status.FAILED and "gave up" in message.last_error
    assert len(line.pushes) == MAX_ATTEMPTS


def test_a_refusal_fails_at_once_with_line_s_reason(line):
    message = queued(address="not-an-id")
    line.answer((400, {}, '{"message":"The property, \'to\', in the request body is invalid"}'))
    assert deliver().failed == 1
    message.refresh_from_db()
    assert message.status == Status.FAILED and message.attempts == 1
    assert "LINE 400" in message.last_error and "'to'" in message.last_error
    assert deliver(timezone.now() + dt.timedelta(days=1)).sent == 0 and len(line.pushes) == 1


def test_nothing_is_lost_while_line_is_unreachable(line, settings):
    message = queued()
    settings.GOVKPI_LINE_API = "http://127.0.0.1:9"  # nothing listens there
    assert deliver().later == 1
    message.refresh_from_db()
    assert message.status == Status.PENDING and "unreachable" in message.last_error
    settings.GOVKPI_LINE_API = line.url
    assert deliver(message.next_attempt_at).sent == 1


def test_long_texts_are_split_into_at_most_five_messages_of_5000_characters(line):
    queued("ก" * 12001)
    deliver()
    texts = [m["text"] for m in line.pushes[0]["json"]["messages"]]
    assert [len(t) for t in texts] == [5000, 5000, 2001]
    chunks = line_chunks("ข" * 30000)
    assert len(chunks) == 5 and all(len(c) <= 5000 for c in chunks) and chunks[-1].endswith("…")


def test_e_mail_messages_go_through_django_mail():
    queued("ผลรออนุมัติ", channel="email", address="app@example.org")
    assert deliver().sent == 1
    [sent] = mail.outbox
    assert sent.to == ["app@example.org"] and sent.body == "ผลรออนุมัติ" and sent.subject == "govkpi"


def test_a_message_claimed_by_one_deliverer_is_not_sent_by_another(line):
    message = queued()
    now = timezone.now()
    assert claim(message.pk, now)
    assert not claim(message.pk, now)  # the second deliverer's UPDATE changes nothing
    assert deliver(now).sent == 0 and line.pushes == []
    assert deliver(now + dt.timedelta(minutes=6)).sent == 1  # the first deliverer died: its lease ran out


def test_a_dedupe_key_queues_once():
    assert enqueue("line", "U1", "a", dedupe_key="k1")
    assert not enqueue("line", "U1", "a", dedupe_key="k1")
    assert OutboxMessage.objects.count() == 1


def test_the_command_prints_one_line(line):
    queued()
    assert call_command("notify", "deliver") == "sent 1, to retry 0, failed 0"


def test_a_misconfigured_api_address_is_retried_and_stops_no_other_message(line, settings):
    queued(address="U1")
    queued(channel="email", address="office@example.org")
    settings.GOVKPI_LINE_API = "api.line.me"  # no scheme
    done = deliver()
    assert (done.sent, done.later) == (1, 1)
    assert "ValueError" in OutboxMessage.objects.get(address="U1").last_error

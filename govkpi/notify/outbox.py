"""Writing to the outbox and delivering from it.

:func:`enqueue` is called inside the transaction of the action that causes the message. :func:`deliver` sends the
messages that are due. Each message is claimed first by one conditional UPDATE (still pending, due, and not
claimed by another deliverer whose lease is running): the database lets only one deliverer's UPDATE change the
row — on PostgreSQL and SQLite alike — so two deliverers never send one message twice.

LINE: ``POST {GOVKPI_LINE_API}/v2/bot/message/push`` with the channel access token ``GOVKPI_LINE_TOKEN``
(the Messaging API; LINE Notify closed in March 2025). An answer 2xx is sent; 429 waits as long as Retry-After
says (or backs off: the monthly quota answers 429 too); any other 4xx fails at once with LINE's reason; 5xx or a
network error retries with exponential back-off and jitter, up to :data:`MAX_ATTEMPTS` attempts.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .choices import Channel, Status
from .models import OutboxMessage

LINE_TEXT_LIMIT = 5000  # characters of one text message
LINE_MESSAGES_PER_PUSH = 5
MAX_ATTEMPTS = 8
FIRST_WAIT = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=6)
LEASE = dt.timedelta(minutes=5)  # a claim older than this belongs to a deliverer that died
TIMEOUT = 15  # seconds


class Refused(Exception):
    """The receiver refused the message for good (a wrong address, a bad token): retrying would not help."""


class Later(Exception):
    """Not now (a server error, the network, a rate limit): try again later, after ``wait`` if it is given."""

    def __init__(self, reason: str, wait: dt.timedelta | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


def enqueue(channel: str, address: str, text: str, *, subject: str = "", dedupe_key: str = "") -> bool:
    """Put one message in the outbox (in the caller's transaction); False when ``dedupe_key`` was queued before."""
    dedupe_key = dedupe_key[:255]
    if dedupe_key and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return False
    try:
        with transaction.atomic():  # a savepoint: a message queued at the same moment elsewhere is not an error
            OutboxMessage.objects.create(channel=channel, address=address, text=text, subject=subject[:255],
                                         dedupe_key=dedupe_key)
    except IntegrityError:
        return False
    return True


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed attempt: doubling from a minute, at most six hours, ±10 %."""
    wait = min(FIRST_WAIT * 2 ** max(attempts - 1, 0), LONGEST_WAIT)
    return wait * random.uniform(0.9, 1.1)


def line_chunks(text: str) -> list[str]:
    """The text as LINE text messages: at most 5,000 characters each, at most 5 per push (the rest is cut)."""
    chunks = [text[at : at + LINE_TEXT_LIMIT] for at in range(0, len(text), LINE_TEXT_LIMIT)] or [""]
    if len(chunks) > LINE_MESSAGES_PER_PUSH:
        chunks = chunks[:LINE_MESSAGES_PER_PUSH]
        chunks[-1] = chunks[-1][: LINE_TEXT_LIMIT - 1] + "…"
    return chunks


def _retry_after(value: str | None) -> dt.timedelta | None:
    try:
        seconds = int((value or "").strip())
    except ValueError:
        return None
    return dt.timedelta(seconds=min(max(seconds, 1), 86400))


def push_line(address: str, text: str) -> None:
    token = getattr(settings, "GOVKPI_LINE_TOKEN", "")
    if not token:
        raise Later("GOVKPI_LINE_TOKEN is not set")
    api = getattr(settings, "GOVKPI_LINE_API", "") or "https://api.line.me"
    body = {"to": address, "messages": [{"type": "text", "text": chunk} for chunk in line_chunks(text)]}
    request = urllib.request.Request(
        f"{api.rstrip('/')}/v2/bot/message/push",
        data=json.dumps(body, ensure_ascii=False).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT):  # noqa: S310 (an https or configured URL)
            return
    except urllib.error.HTTPError as error:
        reason = f"LINE {error.code}: {error.read(2000).decode('utf-8', 'replace')}".strip()
        if error.code == 429:
            raise Later(reason, _retry_after(error.headers.get("Retry-After"))) from error
        if 400 <= error.code < 500:
            raise Refused(reason) from error
        raise Later(reason) from error
    except (urllib.error.URLError, OSError) as error:
        raise Later(f"LINE unreachable: {error}") from error


def send_email(address: str, subject: str, text: str) -> None:
    try:
        send_mail(subject or "govkpi", text, None, [address])
    except smtplib.SMTPRecipientsRefused as error:
        raise Refused(f"e-mail refused: {error}") from error
    except (smtplib.SMTPException, OSError) as error:
        raise Later(f"e-mail: {error}") from error


def send(message: OutboxMessage) -> None:
    try:
        if message.channel == Channel.LINE:
            push_line(message.address, message.text)
        else:
            send_email(message.address, message.subject, message.text)
    except (Refused, Later):
        raise
    except Exception as error:  # a misconfiguration (GOVKPI_LINE_API without https://): retried, stops no other
        raise Later(f"{type(error).__name__}: {error}") from error


def claim(pk: int, now: dt.datetime) -> bool:
    """Take the message for this deliverer; False when another one has it or it is no longer due."""
    return bool(
        OutboxMessage.objects.filter(pk=pk, status=Status.PENDING, next_attempt_at__lte=now)
        .exclude(claimed_until__gt=now)
        .update(claimed_until=now + LEASE)
    )


@dataclass(frozen=True)
class Delivered:
    sent: int = 0
    later: int = 0
    failed: int = 0


def deliver(now: dt.datetime | None = None, limit: int = 200) -> Delivered:
    """Send up to ``limit`` due messages, oldest due first."""
    now = now or timezone.now()
    sent = later = failed = 0
    due = (
        OutboxMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        .exclude(claimed_until__gt=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in list(due):
        if not claim(pk, now):
            continue
        message = OutboxMessage.objects.get(pk=pk)
        attempts = message.attempts + 1
        update: dict[str, object] = {"attempts": attempts, "claimed_until": None}
        try:
            send(message)
        except Refused as error:
            update.update(status=Status.FAILED, last_error=str(error)[:2000])
            failed += 1
        except Later as error:
            if attempts >= MAX_ATTEMPTS:
                update.update(status=Status.FAILED, last_error=f"{error} (gave up after {attempts} attempts)"[:2000])
                failed += 1
            else:
                wait = error.wait or backoff(attempts)
                update.update(next_attempt_at=now + wait, last_error=str(error)[:2000])
                later += 1
        else:
            update.update(status=Status.SENT, sent_at=now, last_error="")
            sent += 1
        OutboxMessage.objects.filter(pk=pk).update(**update)
    return Delivered(sent, later, failed)

"""`govkpi remind`: reporters hear of items due soon or overdue, approvers of what waits for them."""

import io
from datetime import date

from django.core import mail
from django.core.management import call_command

from govkpi.results import actions
from tests.results.helpers import draft


def remind(today, days=7):
    out = io.StringIO()
    call_command("remind", "--fiscal-year", "2565", "--today", today, "--days", str(days), stdout=out)
    return out.getvalue().strip()


def test_reporters_are_reminded_of_items_due_soon_but_not_of_later_ones(world):
    # Q1 of FY 2565 ends 31 Dec 2021; due 15 days later: 15 Jan 2022
    summary = remind("2022-01-10", days=7)
    assert summary.startswith("reminded 3 reporters of 6 items")
    to = sorted(message.to[0] for message in mail.outbox)
    assert to == ["rep540101@example.org", "rep5401@example.org", "rep5402@example.org"]
    body = next(m.body for m in mail.outbox if m.to == ["rep5401@example.org"])
    assert "I-MEAN 2565-Q1" in body and "2565-Q2" not in body
    assert remind("2022-01-01", days=7).startswith("reminded 0 reporters")


def test_overdue_items_are_always_included_and_done_ones_never(world):
    result = draft(world)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    remind("2022-02-01", days=0)
    body = next(m.body for m in mail.outbox if m.to == ["rep5401@example.org"])
    assert "I-RATIO 2565-Q1" in body and "เกินกำหนด" in body
    assert "I-MEAN 2565-Q1" not in body  # submitted: not the reporter's to do


def test_approvers_get_a_summary_of_what_waits_for_them(world):
    for who, org in (("rep5401", "5401"), ("rep540101", "540101"), ("rep5402", "5402")):
        actions.submit_result(draft(world, who=who, org=org), acting_user=world.people[who], channel="web")
    assert "and 1 approvers" in remind(str(date(2022, 1, 10)))  # app5401; the admin holds no approver role
    approver_mail = [m for m in mail.outbox if m.to == ["app5401@example.org"]]
    assert len(approver_mail) == 1 and "2" in approver_mail[0].body

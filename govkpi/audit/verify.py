"""Checking the audit chain: recompute every hash, follow every link, compare the end with the chain head.

What is outside the database — the anchor file and signed checkpoints — is checked by `anchors` and `checkpoints`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .actions import HeadMissing, seal
from .chain import GENESIS, hash_of
from .models import AuditEvent, AuditHead


@dataclass(frozen=True)
class Break:
    seq: int | None
    event_id: int | None
    problem: str  # altered, removed, headless

    def __str__(self) -> str:
        if self.problem == "headless":
            return (
                "the chain head row is missing: the newest entries may have been removed with it "
                f"(entries 1–{self.seq} are intact)"
            )
        if self.problem == "altered":
            return f"audit entry #{self.seq} (id {self.event_id}) was altered"
        if self.problem == "removed":
            return f"audit entry #{self.seq} was removed"
        return f"audit entry #{self.seq}: {self.problem}"


def verify(batch: int = 2000) -> tuple[int, Break | None]:
    """(number of entries checked, the first break or None). Chains first what has committed and is not chained yet
    (`actions.seal`: what the next write would do), then reads in batches, in chain order."""
    try:
        seal()
    except HeadMissing:  # named below, as "headless"
        pass
    head = AuditHead.objects.filter(pk=1).first()
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    last_seq = 0
    while True:
        events = list(AuditEvent.objects.filter(seq__gte=expected_seq).order_by("seq")[:batch])
        if not events:
            break
        for event in events:
            if event.seq != expected_seq:
                return checked, Break(expected_seq, None, "removed")
            if event.prev_hash != prev_hash:
                # the link to the entry before does not hold: that entry was rewritten with a fresh hash
                if expected_seq == 1:
                    return checked, Break(event.seq, event.id, "altered")
                before = AuditEvent.objects.filter(seq=expected_seq - 1).values_list("id", flat=True).first()
                return checked, Break(expected_seq - 1, before, "altered")
            if hash_of(event) != event.hash:
                return checked, Break(event.seq, event.id, "altered")
            prev_hash, last_seq = event.hash, event.seq
            expected_seq += 1
            checked += 1
    if head is None and last_seq:  # every write keeps the head row; only a hand in the database removes it
        return checked, Break(last_seq, None, "headless")
    if head is not None and (head.seq != last_seq or head.hash != prev_hash):
        if head.seq > last_seq:
            return checked, Break(last_seq + 1, None, "removed")
        return checked, Break(last_seq, None, "altered")
    return checked, None

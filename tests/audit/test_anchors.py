"""The audit chain anchored outside its table: an anchor line per committed entry, signed checkpoints; removing the
newest entries together with the chain head row is noticed and named."""

from __future__ import annotations

import io
import json
import multiprocessing

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from govkpi.audit import anchors
from govkpi.audit.actions import record, seal
from govkpi.audit.models import AuditEvent, AuditHead


def write(n: int) -> list[AuditEvent]:
    """n events, chained as they are once their transactions commit (a test's own transaction never does)."""
    events = [record(acting_user=None, channel="cli", action="test.step", object_key=str(i)) for i in range(n)]
    seal()
    return [AuditEvent.objects.get(pk=event.pk) for event in events]


def remove_tail(from_seq: int, *, head: str) -> None:
    """What someone with SQL access does: delete the newest entries, then delete (or rewind) the chain head row."""
    events, heads = (connection.ops.quote_name(m._meta.db_table) for m in (AuditEvent, AuditHead))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {events} WHERE seq >= %s", [from_seq])
        if head == "delete":
            cursor.execute(f"DELETE FROM {heads}")
        else:  # rewind it to the entry before: the chain alone then looks whole
            before = AuditEvent.objects.get(seq=from_seq - 1)
            cursor.execute(f"UPDATE {heads} SET seq = %s, hash = %s", [before.seq, before.hash])


def verify(*args: str) -> str:
    out = io.StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def anchor_lines() -> list[tuple[int, str, str]]:
    return [anchors.parse(text) for text in anchors.anchor_path().read_text().splitlines()]


@pytest.mark.django_db(transaction=True)
def test_only_committed_entries_leave_an_anchor():
    kept = write(1)[0]
    with pytest.raises(RuntimeError), transaction.atomic():
        record(acting_user=None, channel="cli", action="test.rolled-back")
        raise RuntimeError
    with transaction.atomic():
        first = record(acting_user=None, channel="cli", action="test.outer")
        try:
            with transaction.atomic():  # a savepoint rolled back inside a transaction that commits
                record(acting_user=None, channel="cli", action="test.inner")
                raise RuntimeError
        except RuntimeError:
            pass
        second = record(acting_user=None, channel="cli", action="test.outer")
    first.refresh_from_db()  # chained once their transaction committed
    second.refresh_from_db()
    assert [(seq, hash) for seq, hash, _at in anchor_lines()] == [
        (1, kept.hash),
        (2, first.hash),
        (3, second.hash),
    ]
    assert "3 entries recorded" in verify() and "all match" in verify()


@pytest.mark.django_db(transaction=True)
def test_removing_the_newest_entry_and_the_head_row_is_named():
    write(3)
    remove_tail(3, head="delete")
    with pytest.raises(CommandError) as failure:
        verify()
    assert failure.value.returncode == 3
    assert "entry 3 is gone: the anchor file records it" in str(failure.value)
    assert "chain head row is missing" in str(failure.value)


@pytest.mark.django_db(transaction=True)
def test_removing_the_tail_and_rewinding_the_head_is_named():
    write(5)
    remove_tail(4, head="rewind")
    with pytest.raises(CommandError, match="entries 4–5 are gone: the anchor file records them") as failure:
        verify()
    assert "chain" not in str(failure.value)  # the chain alone looks whole: only the anchors know


@pytest.mark.django_db(transaction=True)
def test_a_rewritten_entry_differs_from_its_anchor():
    events = write(2)
    # everything rewritten consistently, as a forger with the code would: only the anchor file disagrees
    AuditEvent.objects.filter(pk=events[1].pk).update(hash="e" * 64)
    AuditHead.objects.update(hash="e" * 64)
    with pytest.raises(CommandError, match="entry 2 differs from its anchor"):
        verify()


@pytest.mark.django_db
def test_a_fresh_database_has_no_anchors_yet_and_that_is_no_error():
    assert not anchors.anchor_path().exists()
    out = verify()
    assert "audit chain intact: 0 entries" in out
    assert "no anchors yet" in out


@pytest.mark.django_db
def test_an_anchor_file_given_by_hand_is_checked(tmp_path):
    events = write(2)
    copy = tmp_path / "kept-elsewhere.log"
    copy.write_text("".join(anchors.line(e.seq, e.hash, e.at) for e in events) + "seq=3 hash=" + "a" * 64 + " at=x\n")
    with pytest.raises(CommandError, match="entry 3 is gone"):
        verify("--anchors", str(copy))


@pytest.mark.django_db
def test_a_line_cut_short_by_a_crash_is_skipped_not_misread(tmp_path):
    events = write(2)
    path = tmp_path / "anchors.log"
    whole = anchors.line(events[1].seq, events[1].hash, events[1].at)
    path.write_text(anchors.line(events[0].seq, events[0].hash, events[0].at)[:7] + whole)  # "seq=1 h" + next line
    found = anchors.read(path)
    assert found.unreadable == [1] and found.hashes == {}
    out = verify("--anchors", str(path))
    assert "1 line(s) are not anchors" in out


def _append_many(args: tuple[str, int]) -> None:
    path, worker = args
    from pathlib import Path

    for i in range(400):
        anchors.append(f"seq={worker * 1000 + i + 1} hash={i:064x} at=2026-11-26T00:00:00+00:00\n", Path(path))


def test_processes_appending_at_once_never_interleave_lines(tmp_path):
    path = tmp_path / "anchors.log"
    with multiprocessing.get_context("fork").Pool(6) as pool:
        pool.map(_append_many, [(str(path), worker) for worker in range(6)])
    found = anchors.read(path)
    assert found.lines == 2400 and found.unreadable == [] and len(found.hashes) == 2400


# signed checkpoints


def checkpoint(out) -> dict:
    call_command("audit", "checkpoint", "--out", str(out), stdout=io.StringIO())
    return json.loads(out.read_text().splitlines()[-1])


@pytest.mark.django_db
def test_a_checkpoint_then_the_tail_removed_is_detected(tmp_path):
    write(3)
    saved = checkpoint(tmp_path / "checkpoints.jsonl")
    assert (saved["seq"], saved["hash"]) == (3, AuditEvent.objects.get(seq=3).hash)
    assert "entries 1–3 hold" in verify("--checkpoint", str(tmp_path / "checkpoints.jsonl"))

    remove_tail(2, head="rewind")  # no anchors here (the test's transaction never commits): the checkpoint knows
    assert "intact" in verify()
    with pytest.raises(CommandError, match="entries 2–3 are gone: the checkpoint of .* records the log up to entry 3"):
        verify("--checkpoint", str(tmp_path / "checkpoints.jsonl"))


@pytest.mark.django_db
def test_one_file_keeps_every_day_and_each_line_is_checked(tmp_path):
    path = tmp_path / "checkpoints.jsonl"
    write(1)
    checkpoint(path)
    write(1)
    checkpoint(path)
    assert len(path.read_text().splitlines()) == 2
    out = verify("--checkpoint", str(path))
    assert "entries 1–1 hold" in out and "entries 1–2 hold" in out


@pytest.mark.django_db
def test_a_forged_checkpoint_is_refused(tmp_path):
    write(2)
    path = tmp_path / "checkpoints.jsonl"
    saved = checkpoint(path)
    forged = dict(saved, seq=1, hash=AuditEvent.objects.get(seq=1).hash)  # a real entry, an unsigned claim
    path.write_text(json.dumps(forged) + "\n")
    with pytest.raises(CommandError, match="refused: its signature does not match"):
        verify("--checkpoint", str(path))


@pytest.mark.django_db
def test_a_checkpoint_signed_with_another_key_is_refused(tmp_path, monkeypatch):
    write(1)
    monkeypatch.setenv("GOVKPI_AUDIT_KEY", "the province's checkpoint key, kept off the machine")
    saved = checkpoint(tmp_path / "checkpoints.jsonl")
    assert saved["key"] == "GOVKPI_AUDIT_KEY"
    assert "hold" in verify("--checkpoint", str(tmp_path / "checkpoints.jsonl"))
    monkeypatch.setenv("GOVKPI_AUDIT_KEY", "someone else's key")
    with pytest.raises(CommandError, match="signature does not match"):
        verify("--checkpoint", str(tmp_path / "checkpoints.jsonl"))


@pytest.mark.django_db
def test_no_checkpoint_is_signed_for_a_chain_that_does_not_verify(tmp_path):
    events = write(2)
    AuditEvent.objects.filter(pk=events[0].pk).update(reason="changed")
    with pytest.raises(CommandError, match="no checkpoint signed") as failure:
        checkpoint(tmp_path / "checkpoints.jsonl")
    assert failure.value.returncode == 3
    assert not (tmp_path / "checkpoints.jsonl").exists()


@pytest.mark.django_db
def test_a_checkpoint_without_out_is_printed():
    write(1)
    out = io.StringIO()
    call_command("audit", "checkpoint", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["format"] == "govkpi-audit-checkpoint/1" and printed["seq"] == 1 and len(printed["hmac"]) == 64

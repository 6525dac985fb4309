import pytest
from django.core.management import CommandError, call_command

from govkpi.audit.actions import record, seal
from govkpi.audit.chain import GENESIS
from govkpi.audit.models import AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


def three_events():
    """Three events, chained as they are once their transactions commit (the test's transaction never does)."""
    events = [
        record(acting_user=None, channel="cli", action=f"test.step{n}", object_key=str(n), changes={"n": [n - 1, n]})
        for n in (1, 2, 3)
    ]
    seal()
    return [AuditEvent.objects.get(pk=event.pk) for event in events]


def test_each_event_carries_the_hash_of_the_one_before():
    first, second, third = three_events()
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert AuditHead.objects.get().hash == third.hash


def test_verify_passes_on_an_intact_chain(capsys):
    three_events()
    call_command("audit", "verify")
    assert "3 entries" in capsys.readouterr().out


def test_verify_names_an_altered_entry():
    _, second, _ = three_events()
    AuditEvent.objects.filter(pk=second.pk).update(reason="changed afterwards")
    with pytest.raises(CommandError, match="#2 .*altered"):
        call_command("audit", "verify")


def test_verify_names_an_entry_rewritten_with_a_fresh_hash():
    first, _, _ = three_events()
    AuditEvent.objects.filter(pk=first.pk).update(object_key="forged", hash="f" * 64)
    with pytest.raises(CommandError, match="#1 .*altered"):
        call_command("audit", "verify")


def test_verify_names_a_removed_entry():
    _, second, _ = three_events()
    AuditEvent.objects.filter(pk=second.pk)._raw_delete(AuditEvent.objects.db)
    with pytest.raises(CommandError, match="#2 was removed"):
        call_command("audit", "verify")


def test_verify_notices_the_newest_entry_removed():
    _, _, third = three_events()
    AuditEvent.objects.filter(pk=third.pk)._raw_delete(AuditEvent.objects.db)
    with pytest.raises(CommandError, match="#3 was removed"):
        call_command("audit", "verify")


def test_verify_exits_non_zero_from_the_command_line():
    three_events()
    AuditEvent.objects.filter(seq=1).update(changes={"n": [0, 99]})
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")
    assert failure.value.returncode != 0

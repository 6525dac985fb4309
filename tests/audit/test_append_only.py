import pytest

from govkpi.audit.actions import record
from govkpi.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_audit_event_cannot_be_changed_or_deleted():
    event = record(acting_user=None, channel="cli", action="test.action", object_key="x", changes={"a": [1, 2]})
    assert event.actor_label.startswith("cli")
    event.reason = "rewrite history"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get().reason == ""

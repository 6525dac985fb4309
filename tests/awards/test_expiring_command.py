"""`govkpi awards-expiring`: the daily job that lists GECC certificates due within 90 days."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from govkpi.awards.management.commands.awards_expiring import expiring

pytestmark = pytest.mark.django_db


def test_it_lists_the_certificates_due_within_the_window(awards):
    assert [row["recipient"] for row in expiring(90, date(2025, 8, 1))] == ["5401"]
    assert [row["recipient"] for row in expiring(90, date(2025, 10, 1))] == ["5401", "540101"]
    assert expiring(90, date(2025, 1, 1)) == []


def test_it_exits_1_with_json_when_something_is_due(awards):
    out = io.StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("awards_expiring", "--format", "json", "--days", "100000", stdout=out)
    assert caught.value.code == 1
    assert {row["recipient"] for row in json.loads(out.getvalue())} == {"5401", "540101"}

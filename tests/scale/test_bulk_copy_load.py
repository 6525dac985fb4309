"""On PostgreSQL a workbook's new rows stream in through COPY, inside the load's one transaction: a load that fails
after the results were copied leaves nothing behind, and a good load stores exactly what SQLite would."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govkpi.results.models import Result
from govkpi.synth.actions import write_json
from govkpi.workbook.actions import load_workbook
from govkpi.workbook.messages import WorkbookError

pytestmark = pytest.mark.django_db


def test_results_go_through_copy_on_postgresql(postgresql, tmp_path):
    path = tmp_path / "small.json"
    report = write_json(path, "small", 1)
    with CaptureQueriesContext(connection) as queries:
        load_workbook(path, acting_user=None, channel="cli")
    assert Result.objects.count() == report.results
    assert not any(q["sql"].startswith('INSERT INTO "results_result"') for q in queries.captured_queries)


def test_a_workbook_with_one_bad_result_loads_nothing(tmp_path):
    path = tmp_path / "small.json"
    write_json(path, "small", 1)
    book = json.loads(path.read_text(encoding="utf-8"))
    book["results"][-1]["period"] = "2565-M13"
    path.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(WorkbookError):
        load_workbook(path, acting_user=None, channel="cli")
    assert Result.objects.count() == 0


def test_an_error_after_every_row_was_written_rolls_everything_back(tmp_path, monkeypatch):
    path = tmp_path / "small.json"
    write_json(path, "small", 1)

    def audit_log_down(**_kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr("govkpi.workbook.actions.record", audit_log_down)
    with pytest.raises(RuntimeError):
        load_workbook(path, acting_user=None, channel="cli")
    assert Result.objects.count() == 0

"""Writing many results tells its progress batch by batch (``govkpi load``'s "writing the changes" bar moves while
a million results go in), with the same statements, the same rows and the same all-or-nothing transaction."""

from __future__ import annotations

import io
import math
import re
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from govkpi.ops import progress
from govkpi.ops.progress import SILENT, Bar, Cached, Lines, Progress, snapshot
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from govkpi.results.actions import import_results
from govkpi.results.models import Result
from govkpi.workbook import fast
from govkpi.workbook.actions import load_workbook
from tests.workbook.conftest import BASE, base, run, write_json

pytestmark = pytest.mark.django_db
BATCH = 5
NOW = datetime(2022, 10, 1, 9, 30, tzinfo=UTC)
MONTHS = [{"indicator": "G01-1", "org": "5402", "period": f"2565-M{month:02d}", "value": month}
          for month in range(1, 13)]
BOOK = base(results=BASE["results"] + MONTHS)  # 16 results: four batches of five at most
STORED = ("indicator__code", "org__code", "period", "fiscal_year", "value", "numerator", "denominator", "status",
          "note", "evidence_url", "extra")


class Counted(Progress):
    """Remembers each stage's count every time it moves."""

    def __init__(self) -> None:
        self.moves: dict[str, list[int]] = {}

    def _advanced(self, bar: Bar) -> None:
        self.moves.setdefault(str(bar.name), []).append(bar.done)


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast, "BATCH", BATCH)
    with translation.override("en"):
        yield


@pytest.fixture
def plan(tmp_path) -> None:
    """The organisations and indicators of BASE, no result yet."""
    assert run("load", str(write_json(tmp_path / "plan.json", base(results=[]))), "-v0")[0] == 0


def rows(count: int) -> list[dict[str, object]]:
    indicator = Indicator.objects.get(code="G01-1").pk
    org = OrgUnit.objects.get(code="5402").pk
    return [{"indicator_id": indicator, "org_id": org, "period": f"2565-M{month:02d}", "fiscal_year": 2565,
             "value": float(month), "numerator": None, "denominator": None, "status": "draft", "note": "",
             "evidence_url": "", "extra": {}, "updated_at": NOW} for month in range(1, count + 1)]


def imported(reporter: Progress, count: int = 12) -> None:
    import_results(rows(count), [], before={}, acting_user=None, channel="cli", source="test.json", now=NOW,
                   progress=reporter)


def queries_of(work) -> list[str]:
    """The statements of ``work`` (their literals left out: times and hashes of the audit), rolled back so that
    every run starts from the same database."""
    with CaptureQueriesContext(connection) as captured:
        try:
            with transaction.atomic():
                work()
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    return [re.sub(r"'[^']*'|\"s\d+_x\d+\"", "?", query["sql"]) for query in captured.captured_queries]


def stored() -> list[tuple[object, ...]]:
    return list(Result.objects.order_by("org__code", "indicator__code", "period").values_list(*STORED))


def test_the_results_stage_advances_after_each_batch_and_says_its_count(plan):
    counted = Counted()
    imported(counted)
    assert counted.moves == {"writing results": [5, 10, 12]}
    changed = [(pk, {"value": 99.0, "status": "draft"}) for pk in Result.objects.values_list("pk", flat=True)[:7]]
    import_results([], changed, before={}, acting_user=None, channel="cli", source="again.json", progress=counted)
    assert counted.moves["writing results"][3:] == [5, 7]
    stream = io.StringIO()
    Result.objects.all().delete()
    imported(Lines(stream))
    assert re.fullmatch(r"writing results: 12 in \d+\.\d s\n", stream.getvalue())


def test_progress_adds_no_query_and_sends_the_statements_of_one_bulk_insert(plan):
    silent = queries_of(lambda: imported(SILENT))
    assert queries_of(lambda: imported(Lines(io.StringIO()))) == silent
    assert queries_of(lambda: imported(Cached("import-queries"))) == silent
    inserts = [sql for sql in silent if f'INSERT INTO "{Result._meta.db_table}"' in sql]
    if connection.vendor == "sqlite":  # PostgreSQL copies the rows in (COPY is not a captured query)
        assert len(inserts) == math.ceil(12 / BATCH)
        one_call = queries_of(lambda: fast.insert(Result, [{**row, "created_at": NOW} for row in rows(12)]))
        assert inserts == [sql for sql in one_call if f'INSERT INTO "{Result._meta.db_table}"' in sql]


def test_a_load_shows_its_writing_stage_below_its_total_while_the_results_go_in(tmp_path, monkeypatch):
    path = write_json(tmp_path / "book.json", BOOK)
    expected: list[tuple[object, ...]] = []
    try:
        with transaction.atomic():
            load_workbook(path)
            expected = stored()
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert len(expected) == 16 and Result.objects.count() == 0
    monkeypatch.setattr(progress, "CACHE_EVERY", 0)  # write every advance to the cache
    seen: list[tuple[int, int]] = []
    insert = fast.insert

    def watched(model, batch):
        insert(model, batch)
        if model is Result:
            writing = snapshot("load-key")["stages"][-1]
            assert writing["name"] == "writing the changes"
            seen.append((writing["done"], writing["total"]))

    monkeypatch.setattr(fast, "insert", watched)
    reporter = Cached("load-key")
    load_workbook(path, progress=reporter)
    total = sum(len(table) for table in BOOK.values())
    start = seen[0][0]  # the rows of the tables written before the results
    assert [done - start for done, _ in seen] == [0, 5, 10, 15]  # the bar moved after each batch
    assert all(whole == total and done < total for done, whole in seen)
    final = snapshot("load-key")["stages"]
    assert [stage["name"] for stage in final] == ["reading the workbook", "checking the rows",
                                                  "comparing with the database", "writing the changes"]
    assert final[-1]["done"] == final[-1]["total"] == total
    assert stored() == expected  # the same rows as a load without progress


def test_govkpi_load_still_says_one_line_per_stage_with_every_row(tmp_path):
    status, out, err = run("load", str(write_json(tmp_path / "book.json", BOOK)), "--lang", "en")
    assert status == 0
    total = sum(len(table) for table in BOOK.values())
    assert re.search(rf"^writing the changes: {total} in \d+\.\d s$", err, re.M)
    assert "results: 16 created, 0 updated, 0 unchanged" in out


def test_a_failure_after_the_results_were_written_leaves_nothing(plan, monkeypatch):
    def audit_log_down(**_kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr("govkpi.results.actions.record", audit_log_down)
    counted = Counted()
    with pytest.raises(RuntimeError):
        imported(counted)
    assert counted.moves == {"writing results": [5, 10, 12]} and Result.objects.count() == 0

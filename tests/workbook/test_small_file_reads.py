"""A small file (one agency's results) reads only its own organisations' rows, not every result of the indicators."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govkpi.results.models import Result

from .conftest import BASE, run, write_json

pytestmark = pytest.mark.django_db


def results_reads(queries):
    table = Result._meta.db_table
    selects = [q["sql"] for q in queries if "SELECT" in q["sql"] and "INSERT" not in q["sql"]]  # PG: DECLARE … SELECT
    return [sql for sql in selects if f'FROM "{table}"' in sql]


def test_one_agencys_file_reads_only_its_rows(tmp_path):
    assert run("load", str(write_json(tmp_path / "base.json", BASE)))[0] == 0
    file = write_json(tmp_path / "one.json", {"results": [
        {"indicator": "G01-1", "org": "5402", "period": "2565-Q1", "value": 10}]})
    with CaptureQueriesContext(connection) as captured:
        status, _out, err = run("load", str(file))
    assert status == 0, err
    reads = results_reads(captured.captured_queries)
    assert reads and all("org_id" in sql.split(" WHERE ", 1)[-1] for sql in reads)
    assert Result.objects.filter(org__code="5402", indicator__code="G01-1", period="2565-Q1").get().value == 10
    # the rows of 5401 for the same indicator are still seen by the overlap check when they are the file's own
    clash = write_json(tmp_path / "clash.json", {"results": [
        {"indicator": "G01-1", "org": "5401", "period": "2565-H1", "value": 10}]})
    status, _out, err = run("load", str(clash))
    assert status != 0 and "2565-H1 ซ้อนทับกับช่วงเวลา 2565-Q1 ที่มีอยู่แล้วในฐานข้อมูล" in err

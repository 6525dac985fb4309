"""`--dry-run` checks the whole file and reports what it would do, writing nothing, not even the audit row."""

import pytest

from govkpi.workbook.actions import load_workbook

from .conftest import BASE, base, counts, run, write_json

pytestmark = pytest.mark.django_db


def test_it_reports_without_writing(tmp_path):
    before = counts()
    status, out, _err = run("load", str(write_json(tmp_path / "w.json", BASE)), "--dry-run", "--lang", "en")
    assert status == 0
    assert "results: 4 created, 0 updated, 0 unchanged" in out
    assert "Dry run" in out
    assert counts() == before


def test_it_reports_updates_against_the_database(tmp_path, loaded):
    tables = base()
    tables["claims"][0]["value"] = 72
    before = counts()
    report = load_workbook(write_json(tmp_path / "w.json", tables), dry_run=True)
    assert report.dry_run and report.tables["claims"].updated == 1 and report.tables["goals"].unchanged == 1
    assert counts() == before


def test_it_still_finds_errors(tmp_path):
    tables = base()
    tables["results"][0]["period"] = "2565-Q9"
    status, _out, err = run("load", str(write_json(tmp_path / "w.json", tables)), "--dry-run", "--lang", "en")
    assert status == 2 and "there is no period 2565-Q9" in err

"""A workbook load writes each created or changed result's history, as the results page does for an edit."""

import pytest

from govkpi.results.models import Result, ResultEvent

from .conftest import BASE, base, run, write_json

pytestmark = pytest.mark.django_db


def history(indicator, org, period):
    result = Result.objects.get(indicator__code=indicator, org__code=org, period=period)
    return list(result.events.order_by("at", "id").values_list("step", "from_status", "to_status", "changes",
                                                                "comment", "channel"))


def test_each_loaded_result_has_an_import_entry(tmp_path):
    assert run("load", str(write_json(tmp_path / "base.json", BASE)))[0] == 0
    assert ResultEvent.objects.count() == Result.objects.count() == len(BASE["results"])
    assert history("G01-1", "5401", "2565") == [("import", "", "submitted", {}, "base.json", "cli")]
    assert history("G01-1", "5401", "2565-Q2") == [("import", "", "approved", {}, "base.json", "cli")]


def test_a_change_is_recorded_with_what_changed_and_a_reload_adds_nothing(tmp_path):
    assert run("load", str(write_json(tmp_path / "base.json", BASE)))[0] == 0
    tables = base()
    tables["results"][1] = {**tables["results"][1], "value": 81, "note": "แก้ไข"}
    tables["results"][2] = {**tables["results"][2], "status": "approved"}
    assert run("load", str(write_json(tmp_path / "second.json", tables)))[0] == 0
    assert history("G01-1", "5401", "2565-Q2")[-1] == (
        "import", "approved", "approved", {"value": [80, 81], "note": ["", "แก้ไข"]}, "second.json", "cli")
    assert history("G01-1", "5401", "2565")[-1][:4] == ("import", "submitted", "approved", {})
    count = ResultEvent.objects.count()
    assert run("load", str(write_json(tmp_path / "second.json", tables)))[0] == 0
    assert ResultEvent.objects.count() == count


def test_a_dry_run_or_a_refused_file_writes_no_history(tmp_path):
    assert run("load", "--dry-run", str(write_json(tmp_path / "base.json", BASE)))[0] == 0
    bad = base()
    bad["results"][0] = {**bad["results"][0], "value": "abc"}
    assert run("load", str(write_json(tmp_path / "bad.json", bad)))[0] != 0
    assert ResultEvent.objects.count() == 0

"""The events table: loaded, validated, exported and round-tripped like every other workbook table."""

from datetime import date

import pytest
import yaml

from govkpi.events.models import Event
from govkpi.workbook.actions import load_workbook
from govkpi.workbook.export import export_workbook
from govkpi.workbook.messages import WorkbookError

pytestmark = pytest.mark.django_db

EVENT = {
    "fiscal_year": 2565,
    "title_th": "การแถลงผลความสำเร็จ ปี ๒๕๖๕",
    "date": "20/9/2565",
    "time": "๑๐.๐๐ น.",
    "place": "ห้องนครแกรนด์บอลรูม โรงแรมแพร่นครา",
    "presiding": "นายสมหวัง พ่วงบางโพ",
    "presiding_position": "ผู้ว่าราชการจังหวัดแพร่",
    "recording_url": "https://www.facebook.com/prdphrae/videos/817991092542378/",
    "x_note": "from the seed",
}


def write(tmp_path, rows, name="book.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"events": rows}, allow_unicode=True), encoding="utf-8")
    return path


def test_an_event_loads_with_a_be_date_and_a_thai_time(tmp_path):
    load_workbook(write(tmp_path, [EVENT]))
    event = Event.objects.get()
    assert event.date == date(2022, 9, 20)
    assert event.time == "10:00"
    assert event.presiding == "นายสมหวัง พ่วงบางโพ"
    assert event.extra == {"x_note": "from the seed"}


def test_loading_the_same_events_twice_changes_nothing(tmp_path):
    path = write(tmp_path, [EVENT])
    load_workbook(path)
    report = load_workbook(path)
    assert report.tables["events"].as_dict() == {"created": 0, "updated": 0, "unchanged": 1}


def test_a_time_that_is_not_a_time_of_day_is_an_error_naming_the_cell(tmp_path):
    with pytest.raises(WorkbookError) as caught:
        load_workbook(write(tmp_path, [{**EVENT, "time": "25:00"}]))
    problem = caught.value.problems[0]
    assert (problem.table, problem.row, problem.column, problem.code) == ("events", 1, "time", "bad_time")
    assert not Event.objects.exists()


def test_a_date_outside_the_fiscal_year_is_an_error(tmp_path):
    with pytest.raises(WorkbookError) as caught:
        load_workbook(write(tmp_path, [{**EVENT, "date": "2022-10-01"}]))
    assert caught.value.problems[0].code == "date_outside_year"


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".xlsx"])
def test_events_survive_export_and_load_into_an_empty_database(tmp_path, suffix):
    load_workbook(write(tmp_path, [EVENT]))
    first = tmp_path / f"first{suffix}"
    export_workbook(first)
    Event.objects.all().delete()
    load_workbook(first)
    second = tmp_path / f"second{suffix}"
    export_workbook(second)
    assert first.read_bytes() == second.read_bytes()
    assert Event.objects.get().time == "10:00"

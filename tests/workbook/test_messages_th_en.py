"""Messages are Thai by default and English with `--lang en`; every message has a Thai translation."""

import pytest
from django.utils import translation

from govkpi.workbook.messages import LOCATIONS, MESSAGES

from .conftest import BASE, base, run, write_json, write_xlsx

pytestmark = pytest.mark.django_db


def bad_period(tmp_path):
    tables = base()
    tables["results"][5 - 5]["period"] = "2565-Q5"
    return str(write_xlsx(tmp_path / "w.xlsx", tables))


def test_errors_are_in_thai_by_default(tmp_path):
    status, _out, err = run("load", bad_period(tmp_path))
    assert status == 2
    assert "ชีต results แถว 2 คอลัมน์ period (C): ไม่มีช่วงเวลา 2565-Q5 (ใช้ 2565, 2565-H1, 2565-Q1…Q4, 2565-M01…M12)" in err
    assert "จึงไม่ได้นำเข้าข้อมูลใดเลย" in err


def test_errors_in_english_on_request(tmp_path):
    status, _out, err = run("load", bad_period(tmp_path), "--lang", "en")
    assert status == 2
    assert "sheet results, row 2, column period (C): there is no period 2565-Q5 (use 2565, 2565-H1" in err


def test_the_summary_is_translated(tmp_path):
    path = str(write_json(tmp_path / "w.json", BASE))
    assert "results: เพิ่มใหม่ 4 แก้ไข 0 ไม่เปลี่ยนแปลง 0" in run("load", path, "--dry-run")[1]
    assert "results: 4 created, 0 updated, 0 unchanged" in run("load", path, "--dry-run", "--lang", "en")[1]


@pytest.mark.parametrize("msgid", [*MESSAGES.values(), *LOCATIONS.values()])
def test_every_message_has_a_thai_translation(msgid):
    with translation.override("th"):
        assert translation.gettext(msgid) != msgid

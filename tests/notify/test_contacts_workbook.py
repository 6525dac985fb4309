"""The `contacts` workbook table: loaded all or nothing with located errors; export → load changes nothing."""

import json

import pytest

from govkpi.notify.models import Contact
from govkpi.workbook.actions import load_workbook
from govkpi.workbook.export import export_workbook
from govkpi.workbook.messages import WorkbookError
from tests.workbook.conftest import base, write_json

pytestmark = pytest.mark.django_db

CONTACTS = [
    {"org": "5401", "channel": "line", "address": "Uabcdef0123456789abcdef0123456789", "role": "reporter"},
    {"org": "54", "channel": "line", "address": "Cfedcba9876543210fedcba9876543210", "role": "approver"},
    {"org": "5402", "channel": "email", "address": "office5402@example.org", "x_note": "สำนักงานอำเภอ"},
]


def test_contacts_load_and_export_to_a_file_that_loads_with_no_change(tmp_path):
    report = load_workbook(write_json(tmp_path / "in.json", base(contacts=CONTACTS)))
    assert report.tables["contacts"].created == 3
    office = Contact.objects.get(address="office5402@example.org")
    assert (office.org.code, office.channel, office.role, office.extra) == ("5402", "email", "all",
                                                                            {"x_note": "สำนักงานอำเภอ"})
    out = tmp_path / "out.json"
    export_workbook(out)
    exported = json.loads(out.read_text(encoding="utf-8"))["contacts"]
    assert {row["address"] for row in exported} == {row["address"] for row in CONTACTS}
    again = load_workbook(out)
    assert not any(counts.created or counts.updated for counts in again.tables.values())
    assert again.tables["contacts"].unchanged == 3


def test_a_wrong_row_is_named_and_nothing_is_written(tmp_path):
    rows = [*CONTACTS, {"org": "9999", "channel": "sms", "address": "", "role": "boss"}]
    with pytest.raises(WorkbookError) as error:
        load_workbook(write_json(tmp_path / "bad.json", base(contacts=rows)))
    text = "\n".join(error.value.messages())
    for column in ("org", "channel", "address", "role"):
        assert f"ตาราง contacts แถว 4 คอลัมน์ {column}:" in text, text
    assert Contact.objects.count() == 0


def test_an_address_that_does_not_suit_its_channel_is_named(tmp_path):
    rows = [*CONTACTS, {"org": "54", "channel": "line", "address": "@phrae", "role": "all"},
            {"org": "54", "channel": "email", "address": "Uabcdef0123456789abcdef0123456789"}]
    with pytest.raises(WorkbookError) as error:
        load_workbook(write_json(tmp_path / "bad.json", base(contacts=rows)))
    assert error.value.messages() == [
        "ตาราง contacts แถว 4 คอลัมน์ address: “@phrae” ไม่ใช่ที่อยู่ line ที่ถูกต้อง: "
        "รหัส LINE ขึ้นต้นด้วย U, C หรือ R ตามด้วยเลขฐานสิบหกตัวพิมพ์เล็ก 32 ตัว",
        "ตาราง contacts แถว 5 คอลัมน์ address: “Uabcdef0123456789abcdef0123456789” ไม่ใช่ที่อยู่ email ที่ถูกต้อง: "
        "ที่อยู่อีเมล เช่น saraban@phrae.go.th",
    ]
    assert Contact.objects.count() == 0

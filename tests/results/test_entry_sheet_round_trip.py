"""The entry sheet comes back unchanged: approved rows grey and protected, ignored unless edited; .ods too; and
through real LibreOffice (skipped without it)."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from govkpi.results import actions
from govkpi.results.models import Result
from tests.libreoffice import resave
from tests.results.builders import PASSWORD
from tests.results.helpers import draft

URL = reverse("results:sheet", args=["5401", "2565-Q1"])


def approved_and_draft(world):
    """I-RATIO approved at 175/268 (a value of 17 significant digits), I-MEAN a draft."""
    result = draft(world, indicator=world.ratio, value=None, numerator=175.0, denominator=268.0)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    actions.approve_result(Result.objects.get(pk=result.pk), acting_user=world.people["app5401"], channel="web")
    draft(world, note="ร่าง")
    return Result.objects.get(pk=result.pk)


def replace_in_content(data, old, new):
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "content.xml":
                assert old.encode() in part
                part = part.replace(old.encode(), new.encode())
            archive.writestr(info, part)
    return target.getvalue()


def post(client, name, data):
    return client.post(URL, {"sheet": SimpleUploadedFile(name, data)}, follow=True)


def test_an_unchanged_sheet_is_nothing_to_change(world, client):
    approved = approved_and_draft(world)
    client.login(username="rep5401", password=PASSWORD)
    data = client.get(URL).content
    book = load_workbook(io.BytesIO(data))
    sheet = book["results"]
    assert sheet.protection.sheet
    at = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    assert sheet.cell(row=at["I-RATIO"], column=6).fill.start_color.rgb == "FFD9D9D9"
    assert sheet.cell(row=at["I-RATIO"], column=6).protection.locked
    assert not sheet.cell(row=at["I-MEAN"], column=5).protection.locked
    assert sheet.cell(row=at["I-MEAN"], column=1).number_format == "@"
    response = post(client, "sheet.xlsx", data)
    assert response.status_code == 200
    assert "ไม่มีสิ่งที่ต้องเปลี่ยน" in response.content.decode()
    assert Result.objects.get(pk=approved.pk).status == "approved"


def test_a_changed_approved_row_says_how_to_reopen(world, client):
    approved_and_draft(world)
    client.login(username="rep5401", password=PASSWORD)
    book = load_workbook(io.BytesIO(client.get(URL).content))
    sheet = book["results"]
    at = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(row=at["I-RATIO"], column=6, value=176)
    buffer = io.BytesIO()
    book.save(buffer)
    response = post(client, "sheet.xlsx", buffer.getvalue())
    assert response.status_code == 400
    page = response.content.decode()
    assert "ผลการดำเนินงานนี้อนุมัติแล้วจึงแก้ไขจากแบบฟอร์มไม่ได้" in page and "เปิดผลนี้ใหม่" in page
    assert page.count("ผลการดำเนินงานนี้แก้ไขไม่ได้แล้ว") == 0


def test_the_ods_sheet_goes_back_as_drafts(world, client):
    approved_and_draft(world)
    client.login(username="rep5401", password=PASSWORD)
    response = client.get(URL + "?format=ods")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response["Content-Disposition"].endswith('.ods"')
    assert "ไม่มีสิ่งที่ต้องเปลี่ยน" in post(client, "sheet.ods", response.content).content.decode()
    edited = replace_in_content(response.content, "<text:p>ร่าง</text:p>", "<text:p>new note</text:p>")
    assert post(client, "sheet.ods", edited).status_code == 200
    assert Result.objects.get(indicator=world.mean).note == "new note"


def test_a_sheet_saved_by_libreoffice_is_nothing_to_change(world, client, tmp_path):
    approved_and_draft(world)
    client.login(username="rep5401", password=PASSWORD)
    for query, suffix, saved_as in (("", "xlsx", "xlsx"), ("", "xlsx", "ods"), ("?format=ods", "ods", "xlsx"),
                                    ("?format=ods", "ods", "ods")):
        source = tmp_path / f"in-{suffix}-{saved_as}" / f"sheet.{suffix}"
        source.parent.mkdir()
        source.write_bytes(client.get(URL + query).content)
        saved = resave(source, saved_as, tmp_path / f"out-{suffix}-{saved_as}")
        response = post(client, saved.name, saved.read_bytes())
        assert response.status_code == 200, (suffix, saved_as, response.content.decode()[-2000:])
        assert "ไม่มีสิ่งที่ต้องเปลี่ยน" in response.content.decode(), (suffix, saved_as)

"""The entry sheet names its columns in the page's language, and an upload's errors name the column as the person
sees it in the sheet (its name and letter) in the page's language; sheets named in either language, or by the
column codes of earlier downloads, read the same."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from govkpi.results.models import Result
from tests.results.builders import PASSWORD

URL = reverse("results:sheet", args=["5401", "2565-Q1"])


def download(client, language):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))["results"]


def upload(client, sheet, language):
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    data = SimpleUploadedFile("sheet.xlsx", buffer.getvalue())
    return client.post(URL, {"sheet": data}, HTTP_ACCEPT_LANGUAGE=language)


def at(sheet, code):
    return next(row for row in range(2, sheet.max_row + 1) if sheet.cell(row=row, column=1).value == code)


def zero_denominator(sheet):
    row = at(sheet, "I-RATIO")
    sheet.cell(row=row, column=6, value=3)
    sheet.cell(row=row, column=7, value=0)
    return row


def test_the_thai_sheet_names_its_columns_and_statuses_in_thai(world, client):
    client.login(username="rep5401", password=PASSWORD)
    sheet = download(client, "th")
    names = [cell.value for cell in sheet[1]]
    assert (names[0], names[3], names[5], names[6]) == ("รหัสตัวชี้วัด", "สถานะ", "ตัวตั้ง", "ตัวหาร")
    assert sheet.cell(row=at(sheet, "I-MEAN"), column=4).value == "ยังไม่กรอก"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:J{sheet.max_row}"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    [choice] = sheet.data_validations.dataValidation
    assert choice.formula1 == '"ใช่,ไม่"' and str(choice.sqref) == f"J2:J{sheet.max_row}"


def test_an_error_names_the_column_in_thai_on_a_thai_page(world, client):
    client.login(username="rep5401", password=PASSWORD)
    sheet = download(client, "th")
    row = zero_denominator(sheet)
    response = upload(client, sheet, "th")
    assert response.status_code == 400
    text = response.content.decode()
    assert f"แถว {row} คอลัมน์ ตัวหาร (G):" in text
    assert "คอลัมน์ denominator" not in text
    assert not Result.objects.exists()


def test_an_error_names_the_column_in_english_on_an_english_page(world, client):
    client.login(username="rep5401", password=PASSWORD)
    sheet = download(client, "en")
    assert [cell.value for cell in sheet[1]][6] == "Denominator"
    [choice] = sheet.data_validations.dataValidation
    assert choice.formula1 == '"yes,no"'
    row = zero_denominator(sheet)
    text = upload(client, sheet, "en").content.decode()
    assert f"Row {row}, column Denominator (G):" in text


def test_a_sheet_named_in_english_uploads_on_a_thai_page(world, client):
    client.login(username="rep5401", password=PASSWORD)
    sheet = download(client, "en")
    sheet.cell(row=at(sheet, "I-MEAN"), column=5, value=75)
    sheet.cell(row=at(sheet, "I-RATIO"), column=6, value=3)
    sheet.cell(row=at(sheet, "I-RATIO"), column=7, value=4)
    assert upload(client, sheet, "th").status_code == 302
    values = dict(Result.objects.values_list("indicator__code", "value"))
    assert values == {"I-MEAN": 75, "I-RATIO": 75}


def test_a_sheet_with_the_column_codes_of_earlier_downloads_still_reads(world, client):
    client.login(username="rep5401", password=PASSWORD)
    sheet = download(client, "th")
    codes = ["indicator", "name", "unit", "status", "value", "numerator", "denominator", "note", "evidence_url",
             "confirm_jump"]
    for column, code in enumerate(codes, start=1):
        sheet.cell(row=1, column=column, value=code)
    row = zero_denominator(sheet)
    text = upload(client, sheet, "th").content.decode()
    assert f"แถว {row} คอลัมน์ ตัวหาร (G):" in text  # named as the entry page names it, with its letter

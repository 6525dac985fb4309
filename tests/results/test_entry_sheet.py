"""The reporter's Excel sheet: download pre-filled, fill offline, upload — same validation, all or nothing."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from govkpi.results.models import Result
from govkpi.results.sheet import header_codes
from tests.results.builders import PASSWORD
from tests.results.helpers import draft

URL = reverse("results:sheet", args=["5401", "2565-Q1"])


def download(client):
    response = client.get(URL)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(response.content))


def upload(client, book):
    buffer = io.BytesIO()
    book.save(buffer)
    return client.post(URL, {"sheet": SimpleUploadedFile("sheet.xlsx", buffer.getvalue())})


def rows(book):
    sheet = book["results"]
    header = [header_codes().get(str(cell.value).casefold()) for cell in sheet[1]]  # names → codes
    return sheet, header, {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}


def test_the_sheet_comes_pre_filled_and_goes_back_as_drafts(world, client):
    draft(world, note="ร่างเดิม")
    client.login(username="rep5401", password=PASSWORD)
    book = download(client)
    sheet, header, at = rows(book)
    assert set(at) == {"I-MEAN", "I-RATIO"}
    assert sheet.cell(row=at["I-MEAN"], column=header.index("value") + 1).value == 70
    sheet.cell(row=at["I-MEAN"], column=header.index("value") + 1, value="๗๕")
    sheet.cell(row=at["I-RATIO"], column=header.index("numerator") + 1, value=3)
    sheet.cell(row=at["I-RATIO"], column=header.index("denominator") + 1, value=4)
    assert upload(client, book).status_code == 302
    values = dict(Result.objects.filter(org=world.orgs["5401"]).values_list("indicator__code", "value"))
    assert values == {"I-MEAN": 75, "I-RATIO": 75}


def test_one_bad_row_saves_nothing_and_the_error_names_the_row_in_thai(world, client):
    client.login(username="rep5401", password=PASSWORD)
    book = download(client)
    sheet, header, at = rows(book)
    sheet.cell(row=at["I-MEAN"], column=header.index("value") + 1, value=50)
    sheet.cell(row=at["I-RATIO"], column=header.index("numerator") + 1, value=3)
    sheet.cell(row=at["I-RATIO"], column=header.index("denominator") + 1, value=0)
    response = upload(client, book)
    assert response.status_code == 400
    assert f"แถว {at['I-RATIO']} คอลัมน์ ตัวหาร (G): ตัวหาร (denominator) เป็น 0" in response.content.decode()
    assert not Result.objects.exists()


def test_a_file_that_is_not_a_sheet_is_refused(world, client):
    client.login(username="rep5401", password=PASSWORD)
    response = client.post(URL, {"sheet": SimpleUploadedFile("sheet.xlsx", b"not excel")})
    assert response.status_code == 400 and not Result.objects.exists()


def test_only_the_reporter_uploads_and_others_do_not_even_download(world, client):
    client.login(username="app5401", password=PASSWORD)
    assert client.post(URL, {"sheet": SimpleUploadedFile("s.xlsx", b"x")}).status_code == 403
    client.logout()
    client.login(username="rep5402", password=PASSWORD)
    assert client.get(URL).status_code == 404

"""The open-data XLSX is for people: headers in the page's language, names beside codes, statuses in words, scores
rounded for display, widths, a frozen header with filters, dates as dates with their BE year, the time of the data;
the rows for programs stay on a sheet named after the dataset, and the CSV keeps full precision."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from govkpi.audit.version import data_version
from govkpi.core.thai import format_datetime
from govkpi.opendata.datasets import DATASETS
from govkpi.opendata.tables import BE_DATE
from govkpi.scorecards.services import root_org, score_org

pytestmark = pytest.mark.django_db


def book(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def header(sheet):
    return [cell.value for cell in sheet[1]]


def overall(sheet):
    return next(row for row in sheet.iter_rows(min_row=2) if row[3].value in ("ภาพรวม", "Overall"))


def test_the_scorecards_sheet_speaks_thai_with_names_beside_codes_and_rounded_scores(demo, client):
    sheet = book(client, "/open-data/scorecards.xlsx?fiscal_year=2565&org=54&lang=th").worksheets[0]
    assert header(sheet)[:4] == ["ปีงบประมาณ", "รหัสหน่วยงาน", "หน่วยงาน", "ระดับ"]
    assert "คะแนน" in header(sheet) and "สถานะ" in header(sheet)
    row = overall(sheet)
    score = score_org(2565, root_org())["overall"]["score"]
    assert (row[1].value, row[2].value) == ("54", "จังหวัดแพร่")
    assert row[7].value == round(score, 2) and row[7].number_format == "0.00"
    assert row[8].value == "บรรลุ"  # achieved
    assert row[9].number_format == "0%"
    indicator = next(r for r in sheet.iter_rows(min_row=2) if r[4].value == "G01-1")
    assert indicator[5].value  # the indicator's name beside its code


def test_the_same_sheet_in_english(demo, client):
    sheet = book(client, "/open-data/scorecards.xlsx?fiscal_year=2565&org=54&lang=en").worksheets[0]
    assert header(sheet)[:4] == ["Fiscal year", "Organisation code", "Organisation", "Level"]
    assert overall(sheet)[8].value == "achieved"
    assert sheet.title == "Scorecards"


def test_the_sheet_has_widths_a_frozen_header_and_filters(demo, client):
    sheet = book(client, "/open-data/awards.xlsx?fiscal_year=2565").worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:I{sheet.max_row}"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHI"]
    assert all(width >= 8 for width in widths) and widths[2] > widths[0]  # the award's title is wider than the year
    assert sheet["A1"].font.bold


def test_the_awards_date_is_a_date_cell_with_its_be_year(demo, client):
    workbook = book(client, "/open-data/awards.xlsx?fiscal_year=2565&lang=th")
    people, programs = workbook.worksheets[0], workbook["awards"]
    date_column = header(people).index("วันที่") + 1
    cell = people.cell(row=2, column=date_column)
    assert cell.is_date and cell.number_format == BE_DATE["th"]
    machine = programs.cell(row=2, column=DATASETS["awards"].field_names.index("date") + 1)
    assert machine.is_date and machine.number_format == "yyyy-mm-dd"
    assert machine.value.date() == cell.value.date() == dt.date(2022, 9, 20)
    assert people.cell(row=2, column=2).value.startswith("GECC")  # the category's name, not gecc


def test_the_rows_for_programs_keep_field_names_and_full_precision(demo, client):
    workbook = book(client, "/open-data/scorecards.xlsx?fiscal_year=2565&org=54")
    programs = workbook["scorecards"]
    assert header(programs) == DATASETS["scorecards"].field_names
    row = next(r for r in programs.iter_rows(min_row=2, values_only=True) if r[3] == "overall")
    score = score_org(2565, root_org())["overall"]["score"]
    assert row[6] == score and round(score, 2) != score and row[7] == "achieved"


def test_the_csv_keeps_full_precision(demo, client):
    text = client.get("/open-data/scorecards.csv?fiscal_year=2565&org=54").content.decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["level"] == "overall")
    assert float(row["score"]) == score_org(2565, root_org())["overall"]["score"]
    assert len(row["score"].split(".")[1]) > 2


def test_the_file_says_the_time_of_its_data(demo, client):
    about = book(client, "/open-data/awards.xlsx?lang=th")["เกี่ยวกับไฟล์นี้"]
    lines = {row[0]: row[1] for row in about.iter_rows(values_only=True)}
    assert lines["ข้อมูล ณ"] == format_datetime(data_version()[1], "th")
    assert lines["แหล่งที่มา"] == "http://testserver/open-data/awards/"


def test_the_dataset_page_offers_the_xlsx_in_its_language(demo, client):
    html = client.get("/open-data/awards/?fiscal_year=2565", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/open-data/awards.xlsx?fiscal_year=2565&amp;lang=en"' in html
    assert 'href="/open-data/awards.csv?fiscal_year=2565"' in html

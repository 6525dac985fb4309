"""Every table page (the organisation's scorecard, an indicator, the rankings) links to its tables as XLSX and CSV:
the page's own figures in the page's language, rounded for people in the XLSX, unrounded in the CSV, with the time
of the data."""

import csv
import io
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from govkpi.audit.version import data_version
from govkpi.core.thai import BANGKOK
from govkpi.dashboards.indicator import indicator_page
from govkpi.dashboards.org import org_page
from govkpi.dashboards.rankings import rankings_page
from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.services import score_org

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<p class="downloads" id="page-downloads">.*?</p>', re.S)


def links(client, path, language="th"):
    """The page's download links: label → address."""
    html = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    block = LINK.search(html)
    assert block, f"no downloads on {path}"
    return {unescape(label): unescape(href) for href, label in re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', block[0])}


def workbook(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert re.search(r'filename="[\w.-]+-\d{8}-\d{4}\.xlsx"', response["Content-Disposition"])
    return load_workbook(io.BytesIO(response.content))


def rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_org_page_links_to_its_tables_in_thai(demo, client):
    found = links(client, "/orgs/5401/?fy=2565")
    assert set(found) == {"Excel (XLSX) ทุกตาราง", "CSV: ตัวชี้วัด"}
    book = workbook(client, found["Excel (XLSX) ทุกตาราง"])
    assert book.sheetnames[:2] == ["เป้าหมาย", "ตัวชี้วัด"] and book.sheetnames[-1] == "เกี่ยวกับไฟล์นี้"
    goals = book["เป้าหมาย"]
    with translation.override("th"):  # the words of the page's own table header
        assert rows(goals)[0] == [gettext(word) for word in ("Code", "Goal", "Score", "Coverage", "Status")]
    assert rows(goals)[0][2:] == ["คะแนน", "ครอบคลุม", "สถานะ"]
    card = score_org(2565, OrgUnit.objects.get(code="5401"))
    overall = rows(goals)[1]
    assert overall[1] == "คะแนนภาพรวม" and overall[2] == round(card["overall"]["score"], 2)
    assert overall[4] == {"achieved": "บรรลุ", "at_risk": "เสี่ยง", "not_achieved": "ไม่บรรลุ"}.get(
        card["overall"]["status"], overall[4])
    assert goals["C2"].number_format == "0.00" and goals["D2"].number_format == "0%"
    for sheet in book.worksheets[:-1]:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
        assert sheet.column_dimensions["B"].width >= 8


def test_the_org_workbook_in_english_names_the_indicators_beside_their_codes(demo, client):
    found = links(client, "/orgs/54/?fy=2565", language="en")
    book = workbook(client, found["Excel (XLSX), every table"])
    indicators = rows(book["Indicators"])
    assert indicators[0][:5] == ["Code", "Indicator", "Goal", "Weight", "Value"]
    first = next(row for row in indicators[1:] if row[0] == "G01-1")
    assert first[1] == "Cumulative fire hotspots" and first[7] in ("achieved", "at risk", "not achieved", "no data")
    about = {row[0]: row[1] for row in rows(book["About this file"])}
    assert about["Source"] == "http://testserver/orgs/54/?fy=2565"
    assert about["Data as of"].endswith(data_version()[1].astimezone(BANGKOK).strftime("%H:%M"))


def test_the_org_awards_have_date_cells(demo, client):
    book = workbook(client, "/open-data/tables/orgs/54.xlsx?fy=2565&lang=th")
    awards = book["รางวัล"]
    assert rows(awards)[0][3] == "วันที่"
    assert awards["D2"].is_date and awards["D2"].number_format.startswith("[$-107041E]")


def test_the_indicator_csv_is_the_page_s_breakdown_unrounded(demo, client):
    found = links(client, "/indicators/G01-1/?fy=2565&sort=name&order=asc")
    url = found["CSV: จำแนกตามอำเภอและองค์กรปกครองส่วนท้องถิ่น"]
    assert "sort=name" in url and "order=asc" in url
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:3] == ["รหัสหน่วยงาน", "หน่วยงาน", "ประเภท"] and lines[0][-1] == "ข้อมูล ณ"
    page = indicator_page("G01-1", "2565", "name", "asc")["breakdown"]
    assert [line[0] for line in lines[1:]] == [row["code"] for row in page]  # the page's order
    unrounded = [(line, row) for line, row in zip(lines[1:], page, strict=True) if row["score"] is not None]
    assert all(float(line[5]) == row["score"] for line, row in unrounded)
    assert any(len(line[5].split(".")[-1]) > 2 for line, _row in unrounded)
    stamp = data_version()[1].astimezone(BANGKOK).isoformat(timespec="seconds")
    assert {line[-1] for line in lines[1:]} == {stamp}


def test_the_indicator_workbook_has_the_breakdown_the_periods_and_the_years(demo, client):
    book = workbook(client, "/open-data/tables/indicators/G01-1.xlsx?fy=2565&lang=en")
    assert book.sheetnames == ["By district and local governmen", "Over the periods of the year", "Over the years",
                               "About this file"]


def test_the_rankings_workbook_has_every_ranking_of_the_page(demo, client):
    found = links(client, "/rankings/?fy=2565")
    book = workbook(client, found["Excel (XLSX) ทุกตาราง"])
    page = rankings_page("2565")
    assert len(book.sheetnames) == 1 + len(page["by_goal"]) + len(page["groups"]) + 1
    districts = rows(book.worksheets[0])
    assert districts[0] == ["อันดับ", "รหัสหน่วยงาน", "หน่วยงาน", "คะแนน", "ครอบคลุม", "สถานะ"]
    assert [row[1] for row in districts[1:]] == [row["code"] for row in page["districts"]]
    assert [row[0] for row in districts[1:]] == [row["rank"] for row in page["districts"]]
    csv_text = client.get(found["CSV: อำเภอ เรียงตามคะแนนภาพรวม"]).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(csv_text)))) == len(page["districts"]) + 1


def test_one_table_by_its_name_and_unknown_things_are_not_found(demo, client):
    goals = client.get("/open-data/tables/orgs/54.csv?fy=2565&table=goals&lang=en").content.decode("utf-8-sig")
    assert goals.startswith("Code,Goal,Score,Coverage,Status,Data as of")
    assert client.get("/open-data/tables/orgs/54.csv?table=salaries").status_code == 404
    assert client.get("/open-data/tables/orgs/9999.xlsx").status_code == 404
    assert client.get("/open-data/tables/orgs/54.pdf").status_code == 404
    assert client.get("/open-data/tables/indicators/NOPE.csv").status_code == 404
    assert client.get("/open-data/tables/rankings.xlsx?fy=1999").status_code == 404



@pytest.mark.parametrize(("url", "page"), [
    ("/open-data/tables/orgs/54.xlsx?fy=2565", lambda: org_page("54", "2565")),
    ("/open-data/tables/indicators/G01-1.xlsx?fy=2565", lambda: indicator_page("G01-1", "2565")),
    ("/open-data/tables/rankings.xlsx?fy=2565", lambda: rankings_page("2565")),
])
def test_a_download_costs_its_page_s_queries_and_the_data_version(demo, client, url, page):
    with CaptureQueriesContext(connection) as queries_of_page:
        page()
    with CaptureQueriesContext(connection) as queries_of_file:
        assert client.get(url).status_code == 200
    assert len(queries_of_file) <= len(queries_of_page) + 1


def test_the_open_data_workbook_looks_names_up_once(demo, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # the rows, the organisations' names, the data version (+ spare)
        assert client.get("/open-data/awards.xlsx?fiscal_year=2565").status_code == 200

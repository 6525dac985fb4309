"""Scorecards, results, assessments and awards as CSV, XLSX and JSON, whole or filtered."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from govkpi.opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db


def test_the_awards_csv_opens_in_excel_with_thai_text_and_adds_up_to_72(demo, client):
    response = client.get("/open-data/awards.csv?fiscal_year=2565")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sum(int(row["quantity"]) for row in rows) == 72
    assert {row["issuer"] for row in rows if row["category"] == "ita"} == {"สำนักงาน ป.ป.ช."}


def test_a_filter_narrows_the_rows(demo, client):
    rows = json.loads(client.get("/open-data/awards.json?fiscal_year=2565&category=gecc").content)["rows"]
    assert len(rows) == 14 and {row["category"] for row in rows} == {"gecc"}


def test_the_xlsx_keeps_the_rows_for_programs_on_a_sheet_named_after_the_dataset(demo, client):
    book = load_workbook(io.BytesIO(client.get("/open-data/assessments.xlsx").content), read_only=True)
    rows = list(book["assessments"].values)
    assert list(rows[0]) == DATASETS["assessments"].field_names
    province = next(row for row in rows[1:] if row[2] == "54")
    assert (province[4], province[6], province[7]) == (99.15, 2, "regional_administration")


def test_results_publish_only_approved_values(demo, client):
    from govkpi.results.models import Result

    approved = Result.objects.filter(status="approved").count()
    assert len(json.loads(client.get("/open-data/results.json").content)["rows"]) == approved


def test_the_scorecard_rows_give_the_overall_score_of_the_province(demo, client):
    from govkpi.scorecards.services import root_org, score_org

    rows = json.loads(client.get("/open-data/scorecards.json?fiscal_year=2565&org=54").content)["rows"]
    overall = next(row for row in rows if row["level"] == "overall")
    assert overall["score"] == pytest.approx(score_org(2565, root_org())["overall"]["score"])
    assert sum(1 for row in rows if row["level"] == "goal") == 12


def test_an_unknown_dataset_or_format_is_not_found(demo, client):
    assert client.get("/open-data/salaries.csv").status_code == 404
    assert client.get("/open-data/awards.pdf").status_code == 404


def test_a_name_that_looks_like_a_formula_stays_text_in_csv_and_xlsx(demo, client):
    from govkpi.awards.models import Award

    Award.objects.filter(fiscal_year=2565, category="pmqa").update(title_th='=HYPERLINK("http://x")')
    text = client.get("/open-data/awards.csv?category=pmqa").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    book = load_workbook(io.BytesIO(client.get("/open-data/awards.xlsx?category=pmqa").content))
    for cell in (book.active["C2"], book["awards"]["C2"]):  # the sheet for people, the sheet for programs
        assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")

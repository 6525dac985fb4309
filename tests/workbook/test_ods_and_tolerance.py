"""OpenDocument spreadsheets in and out, numbers compared to 15 significant digits, codes typed as numbers."""

import zipfile
from pathlib import Path

import pytest

from govkpi.results.models import Result
from govkpi.workbook.actions import load_workbook
from govkpi.workbook.export import export_workbook
from govkpi.workbook.messages import WorkbookError
from govkpi.workbook.values import same, same_number

from .conftest import base, empty_database, run, write_json, write_xlsx

pytestmark = pytest.mark.django_db


def test_fifteen_significant_digits_are_the_same_number():
    assert same_number(17500 / 268, 65.2985074626866)  # as LibreOffice saves 65.29850746268657
    assert not same_number(17500 / 268, 65.2985074626867)
    assert same((1, 17500 / 268, "a"), (1, 65.2985074626866, "a"))
    assert not same((1.0, "a"), (1.0, "b"))


def test_ods_export_load_export_gives_identical_bytes(tmp_path, loaded):
    first, second = tmp_path / "first.ods", tmp_path / "second.ods"
    export_workbook(first)
    with zipfile.ZipFile(first) as archive:
        assert archive.namelist()[0] == "mimetype" and archive.read("mimetype").startswith(b"application/vnd.oasis")
    empty_database()
    report = load_workbook(first)
    assert not any(counts.updated or counts.unchanged for counts in report.tables.values())
    export_workbook(second)
    assert first.read_bytes() == second.read_bytes()
    again = load_workbook(second, dry_run=True)
    assert not any(counts.created or counts.updated for counts in again.tables.values())


def test_a_number_saved_with_fifteen_digits_is_no_change(tmp_path, db):
    tables = base()
    tables["results"][0]["value"] = 17500 / 268
    load_workbook(write_json(tmp_path / "w.json", tables))
    tables["results"][0]["value"] = 65.2985074626866
    report = load_workbook(write_json(tmp_path / "lo.json", tables), dry_run=True)
    assert report.tables["results"].updated == 0
    tables["results"][0]["value"] = 65.3
    report = load_workbook(write_json(tmp_path / "edit.json", tables), dry_run=True)
    assert report.tables["results"].updated == 1


def test_a_numeric_code_beside_zero_padded_codes_is_refused(tmp_path, db):
    tables = base()
    tables["org_units"].append({**tables["org_units"][-1], "code": "055", "name_th": "ศูนย์ห้าห้า"})
    tables["org_units"].append({**tables["org_units"][-1], "code": 56, "name_th": "ห้าหก"})
    with pytest.raises(WorkbookError) as raised:
        load_workbook(write_xlsx(tmp_path / "w.xlsx", tables))
    assert any(problem.code == "code_as_number" and problem.row == len(tables["org_units"]) + 1
               for problem in raised.value.problems)


def test_ods_by_its_name_must_be_ods(tmp_path, db):
    path = write_xlsx(tmp_path / "w.xlsx", base())
    fake = tmp_path / "w.ods"
    fake.write_bytes(path.read_bytes())
    status, _out, err = run("load", str(fake), "--lang", "en")
    assert status == 2 and "not a readable OpenDocument spreadsheet (.ods)" in err


def test_ods_with_a_doctype_is_refused(tmp_path, loaded):
    good = tmp_path / "good.ods"
    export_workbook(good)
    bad = tmp_path / "bad.ods"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
            target.writestr(info, data)
    status, _out, err = run("load", str(bad), "--lang", "en")
    assert status == 2 and "DOCTYPE" in err


def test_repeated_empty_rows_cost_nothing_and_repeated_cells_are_bounded(tmp_path, loaded, settings):
    good = tmp_path / "good.ods"
    export_workbook(good)
    with zipfile.ZipFile(good) as source:
        content = source.read("content.xml")
    padded = content.replace(b"</table:table>",
                             b'<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
                             b'table:number-columns-repeated="1024"/></table:table-row></table:table>')
    bomb = content.replace(b"</table:table>",
                           b'<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
                           b'office:value-type="string"><text:p>x</text:p></table:table-cell>'
                           b'</table:table-row></table:table>', 1)
    for name, data in (("padded", padded), ("bomb", bomb)):
        path = tmp_path / f"{name}.ods"
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                target.writestr(info, data if info.filename == "content.xml" else source.read(info))
        status, _out, err = run("load", str(path), "--dry-run", "--lang", "en")
        if name == "padded":
            assert status == 0, err
        else:
            assert status == 2 and "more than 250,000 rows" in err, err


def test_ods_dates_are_date_cells_and_codes_text_columns(tmp_path, loaded):
    path = tmp_path / "out.ods"
    export_workbook(path)
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml").decode()
    assert 'office:value-type="date"' in content
    assert "table:default-cell-style-name=\"ce-text\"" in content
    assert "cell-content-is-in-list" in content


def test_results_survive_ods(tmp_path, loaded):
    before = sorted(Result.objects.values_list("period", "value"))
    path = tmp_path / "out.ods"
    export_workbook(path)
    empty_database()
    load_workbook(Path(path))
    assert sorted(Result.objects.values_list("period", "value")) == before


def test_xlsx_columns_are_formatted_whole_and_choices_are_lists(tmp_path, loaded):
    from openpyxl import load_workbook as open_xlsx

    path = tmp_path / "out.xlsx"
    export_workbook(path)
    book = open_xlsx(path)
    sheet = book["org_units"]
    assert sheet.column_dimensions["A"].number_format == "@"  # code, for rows not written yet too
    lists = {str(validation.sqref).split(":")[0][:1]: validation.formula1
             for validation in sheet.data_validations.dataValidation}
    header = [cell.value for cell in sheet[1]]
    kind_letter = "ABCDEFGHIJ"[header.index("kind")]
    assert "province" in lists[kind_letter]
    awards = book["awards"]
    date_letter = "ABCDEFGHIJKLMNOP"[[cell.value for cell in awards[1]].index("date")]
    assert awards.column_dimensions[date_letter].number_format == "yyyy-mm-dd"

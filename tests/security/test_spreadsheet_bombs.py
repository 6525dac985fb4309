"""Crafted spreadsheets (compression bombs, huge dimensions and sheets, DOCTYPEs, damaged zips and XML) are refused by
the one bounded reader, govkpi.ops.spreadsheets: `govkpi load` exits 2 with a located message, the reporter's entry
sheet answers 400 with a message, and nothing is written. Small caps come from settings so the tests stay fast; how
long and how much memory a 1 MB bomb costs is measured in benchmarks/bench_spreadsheet_bombs.py, not here."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from govkpi.ops import spreadsheets
from govkpi.ops.spreadsheets import ENTRY_SHEET, WORKBOOK, SpreadsheetRefused
from govkpi.results.models import Result
from tests.results.builders import PASSWORD, build_world
from tests.workbook.conftest import counts, run

from .xlsx_craft import SHEET, entry_sheet, row, sheet_xml, strings_xml, text, understate, xlsx

pytestmark = pytest.mark.django_db

URL = reverse("results:sheet", args=["5401", "2565-Q1"])
XXE = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'


def repeated_rows(count: int) -> bytes:
    """``count`` identical rows without numbers: a few KB of zip, megabytes of XML."""
    return sheet_xml(row(text("I-MEAN"), b"<c><v>1</v></c>") * count)


def numbered_rows(count: int) -> bytes:
    return sheet_xml(b"".join(row(text(f"x{n}"), number=n) for n in range(1, count + 1)))


# (id, the file's bytes, the limits to set, what the message says)
BOMBS = [
    ("huge-dimension", lambda: xlsx(sheet_xml(row(text("a")), dimension="A1:XFD1048576")), {},
     "declares its size as A1:XFD1048576"),
    ("repeated-rows-compress-to-little", lambda: xlsx(repeated_rows(100_000)), {},
     "refused as a compression bomb"),
    ("rows-over-the-cap", lambda: xlsx(numbered_rows(2_000)), {"rows": 1_000}, "more than 1,000 rows"),
    ("one-row-numbered-past-the-cap", lambda: xlsx(sheet_xml(row(text("a"), number=1_048_576))), {"rows": 1_000},
     "more than 1,000 rows"),
    ("cells-over-the-cap", lambda: xlsx(sheet_xml(row(*[b"<c><v>1</v></c>"] * 50) * 100)), {"cells": 1_000},
     "more than 1,000 cells"),
    ("a-row-too-wide", lambda: xlsx(sheet_xml(row(b"<c><v>1</v></c>" * 300))), {"columns": 100},
     "row 1: the row has more than 100 columns"),
    ("a-cell-far-right", lambda: xlsx(sheet_xml(row(b'<c r="XFD1"><v>1</v></c>', number=1))), {"columns": 100},
     "row 1: the row has more than 100 columns"),
    ("enormous-shared-strings", lambda: xlsx(sheet_xml(row(b'<c t="s"><v>0</v></c>')),
                                             strings=strings_xml([f"s{n}" for n in range(20_000)])),
     {"shared_strings": 10_000}, "more than 10,000 shared texts"),
    ("shared-strings-too-large", lambda: xlsx(sheet_xml(row(text("a"))),
                                              strings=strings_xml([f"text {n}" * 20 for n in range(20_000)])),
     {"shared_strings_mb": 1}, "shared texts (xl/sharedStrings.xml) unpack to"),
    ("doctype-external-entity", lambda: xlsx(sheet_xml(row(text("&xxe;")), prolog=XXE)), {},
     "declares a DOCTYPE or an entity"),
    ("billion-laughs-in-the-strings", lambda: xlsx(sheet_xml(row(text("a"))),
                                                   strings=LAUGHS + strings_xml(["&lol2;"])[38:]), {},
     "xl/sharedStrings.xml declares a DOCTYPE or an entity"),
    ("cut-short-xml", lambda: xlsx(sheet_xml(row(text("a")) * 10)[:-40]), {}, "is damaged or cut short"),
    ("truncated-zip", lambda: entry_sheet(["I-MEAN", "", "", "", 75])[:400], {}, None),
    ("not-a-zip", lambda: b"indicator,value\nI-MEAN,75\n", {}, None),
    ("part-larger-than-declared", lambda: understate(xlsx(numbered_rows(3_000)), SHEET, 500), {}, None),
    ("bzip2-part", lambda: xlsx(sheet_xml(row(text("a"))), compression=zipfile.ZIP_BZIP2), {}, None),
    ("many-parts", lambda: xlsx(sheet_xml(row(text("a"))), parts={f"x/{n}.bin": b"x" for n in range(50)}),
     {"parts": 20}, "parts, more than the 20 allowed"),
    ("unpacks-too-large", lambda: xlsx(numbered_rows(30_000)), {"uncompressed_mb": 0.5}, "unpacks to"),
    ("too-many-style-elements", lambda: xlsx(sheet_xml(row(text("a"))), parts={
        "xl/styles.xml": b"<styleSheet " + b'xmlns="x"><cellXfs>' + b"<xf/>" * 5_000 + b"</cellXfs></styleSheet>"}),
     {"part_elements": 1_000}, "xl/styles.xml has more than 1,000 XML elements"),
]
NOT_XLSX = "not a readable Excel workbook"


def limit(settings, profile: str, changes: dict[str, float]) -> None:
    settings.GOVKPI_SPREADSHEET_LIMITS = {profile: changes} if changes else ""


@pytest.mark.parametrize(("make", "changes", "says"), [case[1:] for case in BOMBS], ids=[case[0] for case in BOMBS])
def test_govkpi_load_refuses_the_file_with_a_located_message_and_loads_nothing(tmp_path, settings, make, changes,
                                                                            says):
    limit(settings, WORKBOOK, changes)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(make())
    before = counts()
    status, _out, err = run("load", str(path), "--lang", "en")
    assert status == 2, err
    assert "nothing was loaded" in err
    assert ("sheet results" in err or "file bomb.xlsx" in err), err
    assert (says or NOT_XLSX) in err, err
    assert "Traceback" not in err
    assert counts() == before


@pytest.fixture
def reporter(client, db):
    world = build_world()
    client.login(username="rep5401", password=PASSWORD)
    return world


@pytest.mark.parametrize(("make", "changes", "says"), [case[1:] for case in BOMBS], ids=[case[0] for case in BOMBS])
def test_the_entry_sheet_upload_answers_400_with_a_message_and_saves_nothing(reporter, client, settings, make,
                                                                          changes, says):
    limit(settings, ENTRY_SHEET, changes)
    response = client.post(URL, {"sheet": SimpleUploadedFile("sheet.xlsx", make())}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved from the sheet" in page
    assert (says or "This is not an Excel file (.xlsx) made from the entry sheet.") in page
    assert not Result.objects.exists()


def test_a_refusal_in_the_entry_sheet_names_the_sheet_and_row_in_thai(reporter, client, settings):
    limit(settings, ENTRY_SHEET, {"rows": 1_000})
    response = client.post(URL, {"sheet": SimpleUploadedFile("sheet.xlsx", xlsx(numbered_rows(2_000)))})
    assert response.status_code == 400
    assert "ชีต results แถว 1001: ชีตมีมากกว่า 1,000 แถว" in response.content.decode()


def test_an_entry_sheet_over_the_file_size_limit_is_refused_before_it_is_read(reporter, client, settings):
    limit(settings, ENTRY_SHEET, {"file_mb": 0.001})
    response = client.post(URL, {"sheet": SimpleUploadedFile("sheet.xlsx", entry_sheet(["I-MEAN", "", "", "", 75]))},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "MB, more than the 0.0 MB allowed" in response.content.decode()


def test_a_workbook_over_the_file_size_limit_is_refused_before_it_is_read(tmp_path, settings):
    limit(settings, WORKBOOK, {"file_mb": 0.001})
    path = tmp_path / "big.xlsx"
    path.write_bytes(xlsx(numbered_rows(500)))
    status, _out, err = run("load", str(path), "--lang", "en")
    assert status == 2 and "file big.xlsx: the file is" in err


def test_a_hand_made_entry_sheet_within_the_limits_still_saves(reporter, client, settings):
    limit(settings, ENTRY_SHEET, {"rows": 50, "cells": 500})
    data = entry_sheet(["I-MEAN", "", "", "", 75])
    response = client.post(URL, {"sheet": SimpleUploadedFile("sheet.xlsx", data)})
    assert response.status_code == 302
    assert Result.objects.get().value == 75


def test_a_declared_dimension_within_the_limits_pads_nothing(reporter, client):
    """256 columns × 10,000 rows declared (2.56 million cells, over the cap if openpyxl padded to it): two rows."""
    lines = row(text("indicator"), text("value"), number=1) + row(text("I-MEAN"), b"<c><v>75</v></c>", number=2)
    data = xlsx(sheet_xml(lines, dimension="A1:IV10000"))
    with spreadsheets.open_book(data, ENTRY_SHEET) as book:
        rows = list(book.rows(book.book["results"], values_only=True))
    assert rows == [("indicator", "value"), ("I-MEAN", 75)]


def test_openpyxl_parses_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_part_may_not_hold_more_than_its_zip_entry_declares():
    data = understate(xlsx(numbered_rows(3_000)), SHEET, 500)
    with pytest.raises(SpreadsheetRefused) as refused:
        spreadsheets.inspect(data, spreadsheets.limits_for(WORKBOOK))
    assert refused.value.code == "not_xlsx" and SHEET in refused.value.params["reason"]


def test_limits_come_from_the_environment_text_too(settings):
    settings.GOVKPI_SPREADSHEET_LIMITS = "workbook.rows=123, entry_sheet.file_mb=1.5"
    assert spreadsheets.limits_for(WORKBOOK).rows == 123
    assert spreadsheets.limits_for(ENTRY_SHEET).file_mb == 1.5
    assert spreadsheets.limits_for(ENTRY_SHEET).rows == spreadsheets.DEFAULTS[ENTRY_SHEET].rows


def test_a_wrong_limit_setting_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.GOVKPI_SPREADSHEET_LIMITS = "workbook.rowz=1"
    with pytest.raises(ImproperlyConfigured):
        spreadsheets.limits_for(WORKBOOK)


def test_every_reader_of_xlsx_goes_through_the_one_module():
    """openpyxl's reader is imported in govkpi/ops/spreadsheets/books.py only; everything else calls that module."""
    root = Path(__file__).resolve().parents[2] / "govkpi"
    reader = re.compile(r"from openpyxl(\.reader\.excel)? import [^\n]*\bload_workbook\b|openpyxl\.load_workbook\b|"
                        r"openpyxl\.reader")
    callers = sorted(str(path.relative_to(root)) for path in root.rglob("*.py")
                     if reader.search(path.read_text(encoding="utf-8")))
    assert callers == ["ops/spreadsheets/books.py"]

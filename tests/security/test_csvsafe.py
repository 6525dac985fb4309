"""`govkpi.ops.csvsafe`: text a spreadsheet would run as a formula is written with a leading quote; numbers and
ordinary text pass unchanged."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govkpi.ops.csvsafe import TRIGGERS, safe_cell, safe_row, writer


@pytest.mark.parametrize(
    "text",
    ["=1+1", '=HYPERLINK("http://x","y")', "+66 81", "-cmd", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "=cmd|' /C calc'!A0"],
)
def test_formula_triggers_get_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["จังหวัดแพร่", "-5", "-1.25", "+3", "1e-5", "", "ok=fine", 7, -3.5, None])
def test_numbers_and_ordinary_text_pass_unchanged(value):
    assert safe_cell(value) == value


def test_the_writer_neutralises_every_cell():
    handle = io.StringIO()
    writer(handle).writerows([["code", "name"], ["54", "=2+5"], ["55", "@x"]])
    rows = list(csv.reader(io.StringIO(handle.getvalue())))
    assert rows == [["code", "name"], ["54", "'=2+5"], ["55", "'@x"]]
    assert safe_row(["-", "x"]) == ["'-", "x"]


@given(st.text(max_size=40))
def test_no_neutralised_cell_starts_with_a_trigger_unless_it_is_a_number(text):
    cell = safe_cell(text)
    if cell.startswith(TRIGGERS):
        assert float(cell) == float(cell)

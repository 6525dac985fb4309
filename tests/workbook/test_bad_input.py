"""Every kind of bad input is refused with a message naming table, row and column; exit status 2; nothing written.

Cases marked `on_top` are loaded over the base workbook already in the database, to show that checks look at the
file and the database together.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl.styles import Font

from .conftest import BASE, Tables, base, counts, run, write_json, write_xlsx

pytestmark = pytest.mark.django_db


def row(table: str, index: int, **changes: object) -> Tables:
    """BASE with one row of one table changed (a value None removes the cell)."""
    tables = base()
    tables[table][index].update(changes)
    tables[table][index] = {key: value for key, value in tables[table][index].items() if value is not None}
    return tables


def plus(table: str, *rows: dict[str, object]) -> Tables:
    tables = base()
    tables[table] = tables[table] + list(rows)
    return tables


def json_case(tables: Tables) -> Callable[[Path], Path]:
    return lambda tmp: write_json(tmp / "bad.json", tables)


def xlsx_case(tables: Tables, edit: Callable[..., None] | None = None) -> Callable[[Path], Path]:
    return lambda tmp: write_xlsx(tmp / "bad.xlsx", tables, edit)


def raw_case(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        (tmp / name).write_bytes(data)
        return tmp / name

    return make


def not_xlsx_zip(tmp: Path) -> Path:
    with zipfile.ZipFile(tmp / "bad.xlsx", "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return tmp / "bad.xlsx"


def formula_error(book) -> None:
    cell = book["results"]["D3"]
    cell.value = "#DIV/0!"
    cell.data_type = "e"


def merged_header(book) -> None:
    sheet = book["org_units"]
    sheet.merge_cells("B1:C1")
    sheet["A1"].font = Font(bold=True)


def ratio(**values: object) -> dict[str, object]:
    return {"indicator": "G01-2", "org": "5401", "period": "2565", **values}


CASES: list[tuple[str, Callable[[Path], Path], bool, str, str]] = [
    # (id, file, on_top, where, what)
    ("corrupt-xlsx", raw_case("bad.xlsx", b"PK\x03\x04 this is not a zip"), False, "file bad.xlsx",
     "not a readable Excel workbook"),
    ("text-as-xlsx", raw_case("bad.xlsx", "code,name\n54,แพร่\n".encode()), False, "file bad.xlsx",
     "not a readable Excel workbook"),
    ("zip-not-xlsx", not_xlsx_zip, False, "file bad.xlsx", "not a readable Excel workbook"),
    ("missing-file", lambda tmp: tmp / "missing.json", False, "file missing.json", "cannot read the file"),
    ("unknown-format", raw_case("bad.csv", b"code\n54\n"), False, "file bad.csv", "unknown file type “.csv”"),
    ("yaml-not-object", raw_case("bad.yaml", b"- 1\n- 2\n"), False, "file bad.yaml", "one object whose keys"),
    ("table-not-list", json_case({"goals": {"code": "G01"}}), False, "table goals", "a table must be a list"),
    ("unnamed-column", xlsx_case(base(), lambda book: book["goals"].cell(2, 9, "stray")), False,
     "sheet goals, row 2", "a column without a name"),
    ("bad-json", raw_case("bad.json", b'{"org_units": [}'), False, "file bad.json", "not valid JSON"),
    ("unknown-sheet", xlsx_case({"reslts": BASE["results"]}), False, "sheet reslts",
     "unknown table “reslts”; did you mean “results”?"),
    ("unknown-table-json", json_case({"goal": BASE["goals"]}), False, "table goal",
     "did you mean “goals”?"),
    ("unknown-column-xlsx", xlsx_case(row("results", 0, value=None, valeu=5)), False,
     "sheet results, row 1, column valeu (", "unknown column “valeu”; did you mean “value”?"),
    ("unknown-column-json", json_case(row("goals", 0, titel_th="x")), False,
     "table goals, row 1, column titel_th", "did you mean “title_th”?"),
    ("formula-error", xlsx_case(base(), formula_error), False, "sheet results, row 3, column value (D)",
     "formula error #DIV/0!"),
    ("merged-header", xlsx_case(base(), merged_header), False, "sheet org_units, row 1", "merged cells B1:C1"),
    ("ce-fiscal-year", json_case(row("criteria", 0, fiscal_year=2022)), False,
     "table criteria, row 1, column fiscal_year",
     "2022 looks like a Christian-era year; use the Buddhist-Era year (2565)"),
    ("ce-period", xlsx_case(row("results", 1, period="2022-Q1")), False, "sheet results, row 3, column period (C)",
     "2022-Q1 has a Christian-era year"),
    ("ce-date", json_case(row("awards", 0, date="20/9/2022")), False, "table awards, row 1, column date",
     "“20/9/2022” has a Christian-era year"),
    ("unknown-parent", json_case(row("org_units", 2, parent="5499")), False,
     "table org_units, row 3, column parent", "no parent organisation with code 5499"),
    ("unknown-goal", json_case(row("indicators", 1, goal="G99")), False, "table indicators, row 2, column goal",
     "no goal with code G99"),
    ("unknown-indicator", json_case(row("results", 3, indicator="G09-9")), False,
     "table results, row 4, column indicator", "no indicator with code G09-9"),
    ("unknown-org", json_case(row("awards", 0, recipient="5499")), False, "table awards, row 1, column recipient",
     "no organisation with code 5499"),
    ("unknown-responsible", json_case(row("indicators", 0, responsible="5401;5488")), False,
     "table indicators, row 1, column responsible", "no organisation with code 5488"),
    ("unknown-sdg", json_case(row("goals", 0, sdg="1.2;18.1")), False, "table goals, row 1, column sdg",
     "18.1 is not an SDG target or indicator"),
    ("cycle-in-file", json_case(row("org_units", 0, parent="5401")), False,
     "table org_units, row 1, column parent", "cycle: 54 → 5401 → 54"),
    ("cycle-with-database", json_case({"org_units": [dict(BASE["org_units"][0], parent="5402")]}), True,
     "table org_units, row 1, column parent", "cycle: 54 → 5402 → 54"),
    ("duplicate-key", json_case(plus("results", dict(BASE["results"][0], value=3))), False,
     "table results, row 5, column indicator", "the same indicator + org + period is given in row 1"),
    ("thresholds-up", json_case(row("criteria", 0, level3=70)), False, "table criteria, row 1, column level3",
     "level2 (70) must be below level3 (70)"),
    ("thresholds-down", json_case(row("criteria", 1, level4=12)), False, "table criteria, row 2, column level4",
     "level3 (10) must be above level4 (12)"),
    ("weight-zero", json_case(row("criteria", 0, weight=0)), False, "table criteria, row 1, column weight",
     "the weight must be above 0, not 0"),
    ("weight-negative", xlsx_case(row("criteria", 1, weight="-1")), False, "sheet criteria, row 3, column weight (",
     "the weight must be above 0, not -1"),
    ("period-q5", xlsx_case(row("results", 5 - 5, period="2565-Q5")), False,
     "sheet results, row 2, column period (C)", "there is no period 2565-Q5 (use 2565, 2565-H1"),
    ("overlap-in-file",
     json_case(plus("results", {"indicator": "G01-1", "org": "5401", "period": "2565-M02", "value": 1})),
     False, "table results, row 5, column period", "2565-M02 overlaps period 2565-Q1 in row 1"),
    ("overlap-with-database",
     json_case({"results": [{"indicator": "G01-1", "org": "5401", "period": "2565-H1", "value": 1}]}),
     True, "table results, row 1, column period", "overlaps period 2565-Q1 already in the database"),
    ("zero-denominator", json_case(row("results", 3, denominator=0)), False,
     "table results, row 4, column denominator", "the denominator is 0"),
    ("ratio-disagrees", json_case(row("results", 3, value=1.52)), False, "table results, row 4, column value",
     "1.52 does not agree with numerator / denominator × 100 = 1.5"),
    ("ratio-without-parts", json_case(plus("results", ratio(org="5401", value=3))), False,
     "table results, row 5, column numerator", "needs both numerator and denominator"),
    ("ratio-half-parts", json_case(plus("results", ratio(org="5401", numerator=3))), False,
     "table results, row 5, column denominator", "needs both numerator and denominator"),
    ("above-max", json_case(row("indicators", 0, max=1000)), False, "table results, row 1, column value",
     "1234.5 is above the indicator's highest allowed value, 1000"),
    ("below-min-xlsx", xlsx_case(row("indicators", 0, min=100)), False, "sheet results, row 3, column value (D)",
     "80 is below the indicator's lowest allowed value, 100"),
    ("ratio-above-max", json_case(row("indicators", 1, max=1)), False, "table results, row 4, column value",
     "1.5 is above the indicator's highest allowed value, 1"),
    ("text-for-number", xlsx_case(row("results", 1, value="eighty")), False,
     "sheet results, row 3, column value (D)", "“eighty” is not a number"),
    ("missing-required", json_case(row("indicators", 0, unit=None)), False, "table indicators, row 1, column unit",
     "a value is required"),
    ("missing-required-blank", xlsx_case(row("org_units", 1, name_th="  ")), False,
     "sheet org_units, row 3, column name_th (B)", "a value is required"),
    ("bad-kind", json_case(row("org_units", 0, kind="provence")), False, "table org_units, row 1, column kind",
     "“provence” is not allowed; use one of: province, district"),
    ("bad-direction", json_case(row("indicators", 0, direction="up")), False,
     "table indicators, row 1, column direction", "use one of: higher_is_better or lower_is_better"),
    ("bad-aggregation", json_case(row("indicators", 0, aggregation="avg")), False,
     "table indicators, row 1, column aggregation", "use one of: sum, mean, last or ratio"),
    ("bad-status", json_case(row("results", 0, status="done")), False, "table results, row 1, column status",
     "use one of: draft, submitted, returned or approved"),
    ("bad-category", json_case(row("awards", 0, category="itaa")), False, "table awards, row 1, column category",
     "use one of: ita, gecc, pmqa, moral or other"),
    ("bad-floor", json_case(row("scoring_policy", 0, floor=2)), False, "table scoring_policy, row 1, column floor",
     "“2” is not allowed; use one of: 0 or 1"),
    ("bad-url", json_case(row("results", 3, evidence_url="www.example.org")), False,
     "table results, row 4, column evidence_url", "“www.example.org” is not a web address"),
    ("bad-components", json_case(row("assessments", 0, components="IIT=29")), False,
     "table assessments, row 1, column components", "is not a JSON object"),
    ("policy-order", json_case(row("scoring_policy", 0, at_risk_from=4)), False,
     "table scoring_policy, row 1, column at_risk_from", "at_risk_from (4) must not be above achieved_from (3)"),
]


@pytest.mark.parametrize(("make", "on_top", "where", "what"), [case[1:] for case in CASES], ids=[c[0] for c in CASES])
def test_it_is_refused_naming_the_cell(tmp_path, make, on_top, where, what):
    if on_top:
        assert run("load", str(write_json(tmp_path / "base.json", BASE)))[0] == 0
    before = counts()
    status, out, err = run("load", str(make(tmp_path)), "--lang", "en")
    assert status == 2, out
    line = next((line for line in err.splitlines() if what in line), None)
    assert line is not None, err
    assert line.startswith(where), line
    assert "nothing was loaded" in err
    assert counts() == before


def test_it_collects_every_error_and_caps_the_list(tmp_path):
    rows = [{"indicator": "G01-1", "org": f"9{n}", "period": "2565"} for n in range(600)]
    status, _out, err = run("load", str(write_json(tmp_path / "w.json", plus("results", *rows))), "--lang", "en")
    assert status == 2
    lines = err.splitlines()
    assert sum("no organisation with code 9" in line for line in lines) == 500
    assert "… and 100 more errors" in err


def test_several_problems_are_reported_together(tmp_path):
    tables = row("results", 0, value="x")
    tables["awards"][0]["recipient"] = "99"
    status, _out, err = run("load", str(write_json(tmp_path / "w.json", tables)), "--lang", "en")
    assert status == 2
    assert "table results, row 1, column value" in err and "table awards, row 1, column recipient" in err

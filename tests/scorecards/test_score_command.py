"""`govkpi score`: JSON for machines, a table for people, exit status 2 on bad input."""

import json

import pytest
from django.core.management import call_command

from govkpi.cli import main
from govkpi.scorecards.services import score_all, score_org
from govkpi.scorecards.table import display_width

from .builders import make_orgs

pytestmark = pytest.mark.django_db


@pytest.fixture
def cli(monkeypatch):
    """`govkpi …` as typed, except that the command keeps the test's database connection open."""
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)

    def run_cli(*args: str) -> int:
        with pytest.raises(SystemExit) as exit_info:
            main(["govkpi", *args])
        return exit_info.value.code

    return run_cli


def run(capsys, *args):
    call_command("score", *args)
    return capsys.readouterr().out


def test_json_is_the_scorecard_of_the_root_by_default(phrae, capsys):
    make_orgs(("99", None, "หน่วยเล็ก"))  # a second, smaller root is not the default
    out = run(capsys, "--fiscal-year", "2565")
    assert json.loads(out) == score_org(2565, phrae.orgs["54"])


def test_json_for_another_organisation_and_for_all(phrae, capsys):
    assert json.loads(run(capsys, "--fiscal-year", "2565", "--org", "5401")) == score_org(2565, phrae.orgs["5401"])
    assert json.loads(run(capsys, "--fiscal-year", "2565", "--all-orgs")) == score_all(2565)


def test_json_numbers_are_unrounded(phrae, capsys):
    card = json.loads(run(capsys, "--fiscal-year", "๒๕๖๕"))
    assert card["overall"]["score"] == (5 * 3.5 + 3 * 2.5 + 2 * 2.6) / 10


def test_the_table_speaks_thai_by_default(phrae, capsys):
    out = run(capsys, "--fiscal-year", "2565", "--format", "table")
    assert "จังหวัดแพร่" in out
    assert "คะแนน 3.02" in out and "100%" in out
    for word in ("บรรลุ", "เสี่ยง", "ของหน่วยงานเอง", "รวมจากหน่วยงานย่อย", "เป้าหมาย", "ตัวชี้วัด"):
        assert word in out
    assert "achieved" not in out


def test_the_table_in_english_with_every_status_word(phrae, capsys):
    phrae.indicators["G01-2"].results.update(numerator=1)  # 2/100 → below level 1
    phrae.indicators["G02-1"].results.update(status="draft")
    out = run(capsys, "--fiscal-year", "2565", "--format", "table", "--lang", "en")
    for word in ("Overall", "achieved", "not achieved", "no data", "own results", "rolled up"):
        assert word in out
    assert "บรรลุ" not in out


def test_the_table_shows_thai_words_for_every_status(phrae, capsys):
    phrae.indicators["G01-2"].results.update(numerator=1)
    phrae.indicators["G02-1"].results.update(status="draft")
    out = run(capsys, "--fiscal-year", "2565", "--format", "table")
    for word in ("บรรลุ", "ไม่บรรลุ", "ไม่มีข้อมูล"):
        assert word in out


def test_table_columns_line_up_with_thai_text(phrae, capsys):
    out = run(capsys, "--fiscal-year", "2565", "--format", "table")
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("ตัวชี้วัด "))
    table = lines[start : start + 4]
    # The "score" column ends at the same terminal cell on every row.
    header = table[0]
    score_end = display_width(header[: header.index("คะแนน") + len("คะแนน")])
    for row in table[1:]:
        cells = row.split("  ")
        assert any(display_width(row[: row.index(c) + len(c)]) == score_end for c in cells if c.strip())


def test_thai_digits_in_the_table(phrae, capsys):
    out = run(capsys, "--fiscal-year", "2565", "--format", "table", "--digits", "thai")
    assert "๓.๐๒" in out and "๒๕๖๕" in out


def test_display_width_ignores_thai_marks():
    assert display_width("จังหวัดแพร่") == 8  # 11 code points, 3 of them marks
    assert display_width("abc") == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fiscal-year", "2022"], "2565"),
        (["--fiscal-year", "25x5"], "2565"),
        (["--fiscal-year", "2565", "--org", "nope"], "nope"),
        (["--fiscal-year", "2570"], "2570"),
    ],
)
def test_bad_input_exits_with_2_and_a_clear_message(phrae, capsys, cli, args, message):
    assert cli("score", *args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_messages_are_thai_by_default_and_english_on_request(phrae, capsys, cli):
    cli("score", "--fiscal-year", "2570")
    assert "ไม่มีตัวชี้วัด" in capsys.readouterr().err
    cli("score", "--fiscal-year", "2570", "--lang", "en")
    assert "No indicator has criteria for fiscal year 2570" in capsys.readouterr().err

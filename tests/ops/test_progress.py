"""Long commands tell their progress on stderr: one line per stage off a terminal (cron, CI), a rich bar on one;
nothing with -v0; stdout (JSON, JSON lines, summaries) stays exactly what it was; and no query is added."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rich.console import Console

from govkpi.ops import progress
from govkpi.ops.progress import SILENT, Bars, Cached, Lines, for_stream, snapshot
from govkpi.workbook.actions import load_workbook
from tests.workbook.conftest import BASE, write_json

pytestmark = pytest.mark.django_db
LINE = re.compile(r"^(?P<stage>[^:]+): (?P<done>\d+)(?: of (?P<total>\d+))? in \d+\.\d s$")


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(*args: str, stderr: io.StringIO | None = None, **options: object) -> tuple[str, str]:
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def stages(err: str) -> dict[str, int]:
    found = {}
    for text in err.splitlines():
        match = LINE.match(text)
        assert match, f"not a stage line: {text!r}"
        found[match["stage"]] = int(match["done"])
    return found


def rows_of(tables: dict[str, list[dict[str, object]]]) -> int:
    return sum(len(rows) for rows in tables.values())


# --- the module ---------------------------------------------------------------------------------------------------


def test_lines_write_one_line_per_finished_stage_with_its_count():
    stream = io.StringIO()
    reporter = Lines(stream)
    with reporter.stage("reading", total=10) as bar:
        for item in bar.track(range(10), every=3):
            assert item < 10
    with reporter.stage("writing") as bar:
        bar.advance(7)
    assert stages(stream.getvalue()) == {"reading": 10, "writing": 7}


def test_a_stage_that_fails_writes_no_line_and_held_lines_wait_for_release():
    stream = io.StringIO()
    reporter = Lines(stream, hold=True)
    with reporter.stage("reading") as bar:
        bar.advance(3)
    with pytest.raises(ValueError), reporter.stage("checking"):
        raise ValueError
    assert stream.getvalue() == ""
    reporter.release()
    assert stages(stream.getvalue()) == {"reading": 3}


def test_a_stage_that_falls_short_of_its_total_says_so():
    stream = io.StringIO()
    with Lines(stream).stage("copying", total=5) as bar:
        bar.advance(2)
    assert LINE.match(stream.getvalue().strip())["total"] == "5"


def test_on_a_terminal_a_rich_bar_is_drawn_with_counts():
    screen = io.StringIO()
    bars = Bars(Console(file=screen, force_terminal=True, width=100, color_system=None))
    with bars.stage("writing results", total=4) as bar:
        bar.advance(4)
    drawn = screen.getvalue()
    assert "writing results" in drawn and "4/4" in drawn and "━" in drawn


def test_nested_stages_share_one_live_display_and_an_error_leaves_it_stopped():
    screen = io.StringIO()
    bars = Bars(Console(file=screen, force_terminal=True, width=100, color_system=None))
    with bars.stage("outer", total=2) as outer:
        with bars.stage("inner", total=3) as inner:
            inner.advance(3)
        outer.advance(2)
    assert "3/3" in screen.getvalue() and "2/2" in screen.getvalue() and bars.live is None
    with pytest.raises(RuntimeError), bars.stage("broken"):
        raise RuntimeError
    assert bars.live is None


def test_the_kind_of_progress_follows_the_stream_and_the_verbosity():
    assert isinstance(for_stream(io.StringIO()), Lines)
    assert isinstance(for_stream(Terminal()), Bars)
    assert for_stream(Terminal(), verbosity=0) is SILENT
    assert for_stream(io.StringIO(), verbosity=0) is SILENT


def test_cached_progress_is_read_back_by_its_key():
    reporter = Cached("test-key")
    with reporter.stage("checking the rows", total=2) as bar:
        bar.advance(2)
    reporter.finish(ok=True)
    state = snapshot("test-key")
    assert state["finished"] is True and state["ok"] is True
    assert [(s["name"], s["done"], s["total"], s["finished"]) for s in state["stages"]] == [
        ("checking the rows", 2, 2, True)
    ]
    assert snapshot("another-key") is None


# --- the commands -------------------------------------------------------------------------------------------------


def test_load_writes_a_line_per_stage_on_stderr_and_the_same_stdout(tmp_path):
    path = write_json(tmp_path / "base.json", BASE)
    out, err = run("load", str(path), "--lang", "en", "--dry-run")
    quiet_out, quiet_err = run("load", str(path), "--lang", "en", "--dry-run", verbosity=0)
    assert out == quiet_out and quiet_err == ""
    rows = rows_of(BASE)
    assert stages(err) == {"reading the workbook": rows, "checking the rows": rows,
                           "comparing with the database": rows}
    out, err = run("load", str(path), "--lang", "en")
    assert stages(err) == {"reading the workbook": rows, "checking the rows": rows,
                           "comparing with the database": rows, "writing the changes": rows}
    assert out.splitlines()[0] == "org_units: 3 created, 0 updated, 0 unchanged"


def test_a_workbook_with_errors_prints_its_errors_and_no_stage(tmp_path):
    broken = {"org_units": [{"code": "5404", "name_th": "อำเภอลอง", "kind": "amphoe", "parent": "99"}]}
    err = io.StringIO()
    with pytest.raises(Exception, match="nothing was loaded"):
        run("load", str(write_json(tmp_path / "bad.json", broken)), "--lang", "en", stderr=err)
    assert err.getvalue() and not any(LINE.match(text) for text in err.getvalue().splitlines())


def test_load_on_a_terminal_draws_bars_and_keeps_stdout(tmp_path):
    path = write_json(tmp_path / "base.json", BASE)
    screen = Terminal()
    out, _err = run("load", str(path), "--lang", "en", stderr=screen)
    drawn = screen.getvalue()
    rows = rows_of(BASE)
    assert "writing the changes" in drawn and f"{rows}/{rows}" in drawn
    assert "org_units: 3 created" in out and "━" not in out


def test_export_tells_its_two_stages(tmp_path):
    run("load", str(write_json(tmp_path / "base.json", BASE)), "--lang", "en", verbosity=0)
    out, err = run("export", str(tmp_path / "out.xlsx"), "--lang", "en")
    found = stages(err)
    assert list(found) == ["reading the database", "writing the file"]
    assert found["reading the database"] == found["writing the file"] > 0
    assert f"Exported {found['writing the file']} rows" in out


def test_score_all_orgs_counts_the_cards_on_stderr_and_jsonl_is_unchanged(tmp_path):
    from govkpi.demo.actions import load_demo

    load_demo()
    quiet, nothing = run("score", "--fiscal-year", "2565", "--all-orgs", "--format", "jsonl", "--lang", "en",
                         verbosity=0)
    out, err = run("score", "--fiscal-year", "2565", "--all-orgs", "--format", "jsonl", "--lang", "en")
    assert out == quiet and nothing == ""
    assert stages(err) == {"scoring organisations": len(out.splitlines())}
    as_json, _err = run("score", "--fiscal-year", "2565", "--all-orgs", "--format", "json", stderr=Terminal())
    assert [json.loads(text) for text in out.splitlines()] == json.loads(as_json)
    one, err = run("score", "--fiscal-year", "2565", "--format", "json")
    assert err == "" and json.loads(one)["org"]


def test_backup_and_restore_tell_their_stages(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "logo.png").write_bytes(b"\x89PNG logo")
    run("load", str(write_json(tmp_path / "base.json", BASE)), "--lang", "en", verbosity=0)
    out, err = run("backup", str(tmp_path / "backup"))
    found = stages(err)
    assert list(found) == ["backing up tables", "backing up files"] and found["backing up files"] == 1
    assert f"in {found['backing up tables']} tables and 1 files" in out
    restored_out, err = run("restore", str(tmp_path / "backup"), "--force")
    found = stages(err)
    assert list(found) == ["checking the backup's files", "restoring tables", "restoring files"]
    assert f"Restored {found['restoring tables']} rows" in restored_out


def test_materialise_tells_each_year_on_stderr_and_keeps_its_summary():
    from govkpi.demo.actions import load_demo

    load_demo()
    out, err = run("materialise", "--fiscal-year", "2565")
    assert out.startswith("fiscal year 2565: stored the scores of ")
    count = int(re.search(r"scores of (\d+) organisations", out)[1])
    assert stages(err) == {"scoring fiscal year 2565": count}


def test_publish_datapackage_tells_its_stages(tmp_path):
    from govkpi.demo.actions import load_demo

    load_demo()
    out, err = run("publish", "datapackage", "--out", str(tmp_path / "package"))
    found = stages(err)
    assert list(found) == ["building the open data files", "writing the open data files"]
    assert found["writing the open data files"] == len(list((tmp_path / "package").iterdir()))
    assert out.startswith("data package:")


def test_synth_out_tells_its_stages(tmp_path):
    path = tmp_path / "small.json"
    out, err = run("synth", scale="small", out=str(path))
    found = stages(err)
    book = json.loads(path.read_text(encoding="utf-8"))
    assert found["writing results"] == len(book["results"])
    assert found["writing projects"] == len(book["projects"])
    assert str(len(book["results"])) in out


# --- no query added -----------------------------------------------------------------------------------------------


def queries_of(path: Path, reporter: progress.Progress) -> int:
    """The queries of a full load of ``path``, rolled back so that every run starts from the same database."""
    with CaptureQueriesContext(connection) as captured:
        try:
            with transaction.atomic():
                load_workbook(path, progress=reporter)
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    return len(captured.captured_queries)


def test_progress_adds_no_query(tmp_path):
    path = write_json(tmp_path / "base.json", BASE)
    silent = queries_of(path, SILENT)
    assert silent > 0
    assert queries_of(path, Lines(io.StringIO())) == silent
    assert queries_of(path, Cached("queries")) == silent
    assert queries_of(path, Bars(Console(file=io.StringIO(), force_terminal=True))) == silent


def test_stages_speak_thai_by_default(tmp_path):
    path = write_json(tmp_path / "base.json", BASE)
    with translation.override("th"):
        _out, err = run("load", str(path), "--dry-run")
    rows = rows_of(BASE)
    assert err.splitlines()[0].startswith(f"อ่านสมุดงาน: {rows} ใน ") and err.endswith(" วินาที\n")

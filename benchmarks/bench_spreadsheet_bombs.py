"""Crafted spreadsheets against the one bounded reader (issue 14): time and peak memory of reading a ~1 MB bomb of
each kind, through both callers — `govkpi load --dry-run` (the `workbook` limits) and the reporter's entry-sheet
upload (`govkpi.results.sheet.read`, the `entry_sheet` limits).

Each case runs in a fresh process on the benchmark's database and reports its own wall time and peak resident memory
(`VmHWM`, the whole process: Python, Django and the read). Baselines in the same run: a normal workbook of the
same size (synthetic results, ~1 MB, loaded with `--dry-run`), and for the entry sheet the largest normal sheet its
limits take (10,000 filled-in rows). Targets (the issue's aim): a bomb costs a few seconds (< 5 s, or no more than
1.5 × the normal file when reading that takes longer) and at most 256 MB.

    python benchmarks/run.py --only spreadsheet        # or: python benchmarks/bench_spreadsheet_bombs.py
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["spreadsheet.bombs"]
MAX_SCALE = 10_000  # the files are ~1 MB whatever the scale
SIZE = 1024 * 1024
TARGET_SECONDS = 5.0
TARGET_MB = 256.0
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


# --- crafting -----------------------------------------------------------------------------------------------------


def _zip(sheet: bytes, strings: bytes = b"", title: str = "results") -> bytes:
    """A one-sheet xlsx by hand (zipfile), deflated like Excel does."""
    rels = b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    kind = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    files = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
        b'+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        b'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": rels + b'<Relationship Id="rId1" Target="xl/workbook.xml" Type="' + kind
        + b'officeDocument"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook ' + MAIN + b' xmlns:r="http://schemas.openxmlformats.org'
        b'/officeDocument/2006/relationships"><sheets><sheet name="' + title.encode()
        + b'" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": rels + b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="' + kind
        + b'worksheet"/><Relationship Id="rId2" Target="sharedStrings.xml" Type="' + kind
        + b'sharedStrings"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": strings or b'<?xml version="1.0"?><sst ' + MAIN + b"/>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, (2000, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _sheet(rows: bytes, head: bytes = b"", prolog: bytes = b"") -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>' + prolog + b"<worksheet " + MAIN + b">" + head
            + b"<sheetData>" + rows + b"</sheetData></worksheet>")


def _grow(make, size: int = SIZE) -> bytes:  # type: ignore[no-untyped-def]
    """``make(n)`` (a file) with n scaled until the file is within 5 % of ``size`` bytes."""
    n = 2_000
    data = make(n)
    for _ in range(6):
        if abs(len(data) - size) <= size // 20:
            break
        n = max(1, int(n * size / len(data)))
        data = make(n)
    return data


def _strings(count: int) -> bytes:
    rng = random.Random(3)
    items = b"".join(b"<si><t>s%d</t></si>" % rng.randrange(10**9) for _ in range(count))
    return b'<?xml version="1.0"?><sst ' + MAIN + b">" + items + b"</sst>"


def _numbered(count: int, width: int = 1, seed: int = 1) -> bytes:
    """``count`` numbered rows of ``width`` random numbers (entropy keeps the ratio of a real sheet, ~10)."""
    rng = random.Random(seed)
    names = b"".join(b'<c t="inlineStr"><is><t>x_%d</t></is></c>' % i for i in range(width))  # free-note columns
    rows = [b'<row r="1">' + names + b"</row>"]
    for number in range(2, count + 2):
        cells = b"".join(b"<c><v>%d</v></c>" % rng.randrange(10**6) for _ in range(width))
        rows.append(b'<row r="%d">%s</row>' % (number, cells))
    return b"".join(rows)


def bombs() -> dict[str, bytes]:
    """Each kind of bomb, ~1 MB (the huge-dimension and DOCTYPE ones carry ~1 MB of ordinary rows behind)."""
    padding = _numbered(90_000, width=2)
    laughs = b'<!DOCTYPE lolz [<!ENTITY lol0 "lol">' + b"".join(  # a billion laughs, and an external entity
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
    ) + b'<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

    normal = normal_workbook()
    return {
        "huge_dimension": _zip(_sheet(padding, head=b'<dimension ref="A1:XFD1048576"/>')),
        "repeated_rows": _grow(lambda n: _zip(_sheet(b'<row><c t="inlineStr"><is><t>I-MEAN</t></is></c><c><v>1</v>'
                                                     b"</c></row>" * (n * 100)))),
        "rows_under_the_ratio": _grow(lambda n: _zip(_sheet(_numbered(n)))),
        "cells_under_the_ratio": _grow(lambda n: _zip(_sheet(_numbered(n // 100, width=100)))),
        "shared_strings": _grow(lambda n: _zip(_sheet(b'<row><c t="s"><v>0</v></c></row>'), _strings(n))),
        "doctype_entities": _zip(_sheet(padding, prolog=laughs)),
        "cut_short_xml": _zip(_sheet(padding)[:-1000]),
        "truncated_zip": normal[: len(normal) * 9 // 10],
        "not_a_zip": random.Random(1).randbytes(SIZE),
    }


def normal_workbook(size: int = SIZE) -> bytes:
    """A normal province workbook (synthetic results, benchmarks/synth.py) of about ``size`` bytes."""
    import tempfile

    import synth

    def make(results: int) -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            path = synth.write_xlsx(synth.workbook(results=results), Path(folder) / "book.xlsx")
            return path.read_bytes()

    return _grow(make, size)


def normal_entry_sheet(rows: int = 10_000) -> bytes:
    """The entry sheet a reporter would upload, filled in, at its row limit."""
    from openpyxl import Workbook

    from govkpi.results.sheet import COLUMNS

    book = Workbook()
    sheet = book.active
    sheet.title = "results"
    sheet.append(list(COLUMNS))
    rng = random.Random(2)
    for number in range(1, rows):
        sheet.append([f"G{number % 12:02d}-{number}", f"ตัวชี้วัดทดสอบ {number}", "ร้อยละ", "draft",
                      round(rng.uniform(0, 100), 2), None, None, "หมายเหตุ", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- measuring ----------------------------------------------------------------------------------------------------

CASE = """
import io, json, sys, time
from pathlib import Path
path, profile = Path(sys.argv[1]), sys.argv[2]
def status(field):  # this process's own figures (ru_maxrss would carry the parent's peak across fork and exec)
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith(field + ":")) / 1024
if profile == "workbook":
    from django.core.management import call_command
    from govkpi.workbook.actions import load_workbook
    from govkpi.workbook.messages import WorkbookError
    call_command("migrate", verbosity=0)
    def read():
        try:
            load_workbook(path, dry_run=True)
            return "accepted"
        except WorkbookError as error:
            return error.messages()[0]
else:
    from govkpi.results.sheet import read as read_sheet
    data = path.read_bytes()
    def read():
        records, errors = read_sheet(io.BytesIO(data))
        return str(errors[0]) if errors else f"accepted ({len(records)} rows)"
before = status("VmRSS")
started = time.perf_counter()
outcome = read()
seconds = time.perf_counter() - started
peak = status("VmHWM")
print(json.dumps({"seconds": seconds, "peak_mb": peak, "before_mb": before, "outcome": outcome[:200]}))
"""


def measure(path: Path, profile: str) -> dict:
    """Read ``path`` under ``profile`` in a fresh process (Django set up on the same database)."""
    setup = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'govkpi.settings'); django.setup()\n"
    out = subprocess.run([sys.executable, "-c", setup + CASE, str(path), profile], capture_output=True, text=True,
                         cwd=HERE.parent)
    if out.returncode:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def spreadsheet_bombs(scale: int, workdir: Path) -> list[dict]:
    folder = workdir / "spreadsheet-bombs"
    folder.mkdir(exist_ok=True)
    files = {"normal_workbook": normal_workbook(), "normal_entry_sheet": normal_entry_sheet(), **bombs()}
    for name, data in files.items():
        (folder / f"{name}.xlsx").write_bytes(data)
    rows: list[dict] = []
    for profile, baseline_name in (("workbook", "normal_workbook"), ("entry_sheet", "normal_entry_sheet")):
        baseline = measure(folder / f"{baseline_name}.xlsx", profile)
        what = (f"{baseline_name} ({len(files[baseline_name]) / 1024:,.0f} KB) read the same way: "
                f"{baseline['seconds']:.2f} s, {baseline['peak_mb']:.0f} MB, {baseline['outcome'][:60]}")
        allowed = max(TARGET_SECONDS, 1.5 * baseline["seconds"])
        for name, data in files.items():
            if name.startswith("normal_"):
                continue
            found = measure(folder / f"{name}.xlsx", profile)
            label = f"spreadsheet.{profile}.{name}"
            rows += [
                {"name": label, "value": found["seconds"], "unit": "s",
                 "target": f"< {TARGET_SECONDS:.0f} or <= 1.5 x baseline", "baseline": baseline["seconds"],
                 "baseline_what": what, "ratio": found["seconds"] / baseline["seconds"],
                 "passed": found["seconds"] < allowed,
                 "file_kb": round(len(data) / 1024), "outcome": found["outcome"]},
                {"name": f"{label}.peak_memory", "value": found["peak_mb"], "unit": "MB",
                 "target": f"<= {TARGET_MB:.0f}", "baseline": baseline["peak_mb"], "baseline_what": what,
                 "ratio": found["peak_mb"] / baseline["peak_mb"], "passed": found["peak_mb"] <= TARGET_MB,
                 "before_mb": found["before_mb"]},
            ]  # fmt: skip
    return rows


if __name__ == "__main__":
    import tempfile

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govkpi.settings")
    sys.path.insert(0, str(HERE))
    import django

    with tempfile.TemporaryDirectory(prefix="govkpi-bench-") as folder:
        os.environ["GOVKPI_DATA_DIR"] = folder
        django.setup()
        for result in spreadsheet_bombs(0, Path(folder)):
            extra = result.get("outcome") or ""
            print(f"{result['name']:<62} {result['value']:>8.2f} {result['unit']:<3} "
                  f"(baseline {result['baseline']:.2f}) {extra[:90]}")

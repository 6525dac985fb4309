"""The real `govkpi load` command line exits with status 2 on a bad workbook, messages on stderr."""

import os
import subprocess
import sys


def test_a_bad_file_exits_with_status_2(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    env = {**os.environ, "GOVKPI_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    done = subprocess.run(
        [sys.executable, "-m", "govkpi.cli", "load", str(bad), "--lang", "en"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert done.returncode == 2
    assert "file bad.xlsx: not a readable Excel workbook (.xlsx)" in done.stderr
    assert done.stdout == ""

"""Debian's LibreOffice (``libreoffice-calc-nogui``) run headless, for tests of files people save with it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = Path("/usr/bin/soffice")
FILTERS = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "ods": "ods:calc8"}


def needs_libreoffice() -> None:
    if not SOFFICE.exists():
        pytest.skip("needs /usr/bin/soffice (apt-get install libreoffice-calc-nogui; `make test` installs it)")


def resave(source: Path, kind: str, out_dir: Path) -> Path:
    """``source`` opened and saved as ``kind`` (xlsx or ods) by LibreOffice with a private profile, as a person
    would without editing anything; the path of the new file."""
    needs_libreoffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="govkpi-lo-") as profile:
        done = subprocess.run(
            [str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", FILTERS[kind], "--outdir", str(out_dir), str(source)],
            capture_output=True, text=True, timeout=180, check=False,
        )
    target = out_dir / f"{source.stem}.{kind}"
    if done.returncode != 0 or not target.exists():
        raise AssertionError(f"LibreOffice did not convert {source.name}: {done.stdout} {done.stderr}")
    return target


def copy_as(source: Path, name: str, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    shutil.copyfile(source, target)
    return target

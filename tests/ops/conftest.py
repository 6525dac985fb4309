"""The demo workbook with one evidence file, and a way to run `govkpi` in a fresh process on a database of its own."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from govkpi.demo.actions import load_demo

EVIDENCE = b"%PDF-1.4\n% evidence for G01-1, 5401, 2565-Q1\n"


@pytest.fixture
def demo(db, settings, tmp_path: Path) -> Path:
    """The demo loaded, an evidence file in EVIDENCE_ROOT and an upload in MEDIA_ROOT; returns the export."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    (settings.EVIDENCE_ROOT / "2565").mkdir(parents=True)
    (settings.EVIDENCE_ROOT / "2565" / "ผลงาน G01-1.pdf").write_bytes(EVIDENCE)
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "logo.png").write_bytes(b"\x89PNG logo")
    load_demo()
    exported = tmp_path / "before.json"
    call_command("export", str(exported), stdout=io.StringIO())
    return exported


def govkpi(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "govkpi.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert not check or done.returncode == 0, f"govkpi {' '.join(args)}: {done.stderr[-2000:]}"
    return done


def environment(data_dir: Path, database_url: str | None) -> dict[str, str]:
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    env.update(GOVKPI_DATA_DIR=str(data_dir), SECRET_KEY="s" * 20 + uuid.uuid4().hex * 2)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@pytest.fixture
def other_database() -> Iterator[str | None]:
    """A new, empty database on the server of DATABASE_URL when that is PostgreSQL (dropped afterwards); else None,
    meaning: a fresh SQLite file in the process's own data directory."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield None
        return
    import psycopg

    name = f"gk_restore_{uuid.uuid4().hex[:12]}"
    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

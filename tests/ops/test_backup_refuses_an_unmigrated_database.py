"""A database whose migrations are not all applied is not backed up: the command says to migrate first."""

from __future__ import annotations

from .conftest import environment, govkpi


def test_backup_of_an_unmigrated_database_says_to_migrate_first(tmp_path):
    env = environment(tmp_path / "site", None)
    done = govkpi("backup", str(tmp_path / "backup"), env=env, check=False)
    assert done.returncode == 2
    assert "govkpi migrate" in done.stderr
    assert "Traceback" not in done.stderr

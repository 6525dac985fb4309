"""A backup made on SQLite restores, through the commands, into a fresh database of the other kind (PostgreSQL when
DATABASE_URL names one; otherwise a second SQLite file): same export, verifying audit chain, same evidence files."""

from __future__ import annotations

from .conftest import environment, govkpi


def test_backup_from_sqlite_restores_elsewhere_with_the_same_export(tmp_path, other_database):
    source = environment(tmp_path / "source", None)
    govkpi("migrate", "-v0", env=source)
    govkpi("load-demo", "--with-admin", env=source)
    (tmp_path / "source" / "evidence" / "2565").mkdir(parents=True)
    (tmp_path / "source" / "evidence" / "2565" / "r1.pdf").write_bytes(b"%PDF-1.4 evidence")
    govkpi("export", str(tmp_path / "before.xlsx"), env=source)
    govkpi("backup", str(tmp_path / "backup"), env=source)

    target = environment(tmp_path / "target", other_database)
    target["SECRET_KEY"] = source["SECRET_KEY"]  # the province's key, kept off the machine: it verifies the backup
    govkpi("migrate", "-v0", env=target)
    govkpi("restore", str(tmp_path / "backup"), env=target)
    govkpi("export", str(tmp_path / "after.xlsx"), env=target)
    assert (tmp_path / "after.xlsx").read_bytes() == (tmp_path / "before.xlsx").read_bytes()
    assert "intact" in govkpi("audit", "verify", env=target).stdout
    assert (tmp_path / "target" / "evidence" / "2565" / "r1.pdf").read_bytes() == b"%PDF-1.4 evidence"

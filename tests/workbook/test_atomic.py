"""A failure while writing leaves the database as it was: the whole load is one transaction."""

import pytest

from govkpi.workbook import actions

from .conftest import BASE, counts, write_json


@pytest.mark.django_db(transaction=True)
def test_a_failure_after_writing_rolls_everything_back(tmp_path, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(actions, "record", broken_audit)
    before = counts()
    with pytest.raises(RuntimeError):
        actions.load_workbook(write_json(tmp_path / "w.json", BASE))
    assert counts() == before

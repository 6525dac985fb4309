"""SIGKILL in the middle of loading a large workbook: after restart nothing of it is there, the audit chain
verifies, the site answers, and loading again gives all of it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import ROOT, kill, wait_for, writing

RESULTS = 40_000


@pytest.fixture(scope="module")
def large_workbook(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    return synth.write_json(synth.workbook(results=RESULTS), tmp_path_factory.mktemp("big") / "province.json")


def test_a_load_killed_half_way_leaves_nothing_and_the_service_recovers(site, large_workbook):
    site.run("load-demo")  # something already there, with its audit entry
    before = site.counts()

    load = site.start("load", str(large_workbook))
    wait_for(writing(site, "results_result"), load)
    kill(load)

    assert site.counts() == before
    assert site.audit_verifies()
    assert site.answers() == 200

    site.run("load", str(large_workbook))
    after = site.counts()
    assert after["results"] == before["results"] + RESULTS
    assert after["events"] == before["events"] + 2  # the load, and the results action's import within it
    assert site.audit_verifies()

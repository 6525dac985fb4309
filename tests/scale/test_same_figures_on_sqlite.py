"""The small synthetic data scores to the same figures, to the last bit, on this database and on SQLite."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govkpi.scorecards.services import score_all

from .builders import YEAR, load_small

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def sqlite_scores(tmp_path: Path) -> list[dict]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["GOVKPI_DATA_DIR"] = str(tmp_path)

    def run(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "govkpi.cli", *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout

    run("migrate", "--skip-checks", "-v", "0")
    run("synth", "--scale", "small", "--seed", "1", "--load", "--skip-checks")
    return json.loads(run("score", "--fiscal-year", str(YEAR), "--all-orgs", "--format", "json", "--skip-checks"))


def test_every_scorecard_is_identical_to_sqlites(tmp_path):
    load_small(seed=1)
    here = json.loads(json.dumps(score_all(YEAR)))
    there = sqlite_scores(tmp_path)
    assert len(here) > 150
    assert here == there

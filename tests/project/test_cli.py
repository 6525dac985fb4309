import os
import subprocess
import sys
from pathlib import Path

import pytest

from govkpi.cli import main

GOVKPI = Path(sys.executable).with_name("govkpi")


def test_the_console_command_is_installed_and_wraps_django(tmp_path):
    env = dict(os.environ, GOVKPI_DATA_DIR=str(tmp_path))
    out = subprocess.run([str(GOVKPI), "help"], env=env, capture_output=True, text=True, check=True).stdout
    for command in ("migrate", "runserver", "load_admin_areas"):
        assert command in out


def test_dashed_names_run_our_commands(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["govkpi", "load-admin-areas", "--help"])
    assert stop.value.code == 0
    assert "--province" in capsys.readouterr().out

"""Two `govkpi notify deliver` processes at the same moment against one database: every message is pushed once."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

from tests.ops.conftest import environment, govkpi, other_database  # noqa: F401

from .conftest import FakeLine


def test_two_deliverers_never_send_one_message_twice(tmp_path, other_database):  # noqa: F811
    env = environment(tmp_path / "data", other_database)
    govkpi("migrate", "-v0", env=env)
    govkpi("shell", "-c", "from govkpi.notify.outbox import enqueue\n"
                          "for i in range(40): enqueue('line', f'U{i:02}', f'แจ้งเตือน {i}')", env=env)
    line = FakeLine()
    line.delay = 0.02
    try:
        env.update(GOVKPI_LINE_API=line.url, GOVKPI_LINE_TOKEN="test-channel-token")
        hosts = [
            subprocess.Popen([sys.executable, "-m", "govkpi.cli", "notify", "deliver"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outputs = [host.communicate(timeout=180) for host in hosts]
    finally:
        line.close()
    assert [host.returncode for host in hosts] == [0, 0], [err[-1500:] for _out, err in outputs]
    pushed = Counter(push["json"]["to"] for push in line.pushes)
    assert len(pushed) == 40 and set(pushed.values()) == {1}
    sent = [int(out.split()[1].rstrip(",")) for out, _err in outputs]
    assert sum(sent) == 40, outputs

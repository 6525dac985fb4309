"""SIGKILL in the middle of a burst of approvals: every result is either approved with its history entry and its
audit entry, or still submitted with neither; the audit chain verifies; the site answers; the rest can be approved."""

from __future__ import annotations

import json

from .conftest import kill, wait_for

RESULTS = 400
WORKBOOK = {
    "org_units": [{"code": "54", "name_th": "จังหวัดแพร่", "kind": "province"}]
    + [{"code": f"54{d:02d}", "name_th": f"อำเภอ {d}", "kind": "district", "parent": "54"} for d in range(1, 9)],
    "goals": [{"code": "G01", "title_th": "เศรษฐกิจ", "owner": "54"}],
    "indicators": [
        {
            "code": f"G01-{i}",
            "goal": "G01",
            "name_th": f"ตัวชี้วัด {i}",
            "unit": "หน่วย",
            "direction": "higher_is_better",
            "aggregation": "sum",
        }
        for i in range(1, 5)
    ],
    "results": [
        {
            "indicator": f"G01-{1 + n % 4}",
            "org": f"54{1 + (n // 4) % 8:02d}",
            "period": f"2565-M{1 + (n // 32) % 12:02d}" if n < 384 else f"2566-M{1 + n % 12:02d}",
            "value": n,
            "status": "submitted",
        }
        for n in range(RESULTS)
    ],
}
APPROVE_ALL = """
import sys
from govkpi.results.actions import approve_result
from govkpi.results.models import Result
for result in Result.objects.filter(status="submitted").order_by("pk"):
    approve_result(result, acting_user=None, channel="cli")
    print(result.pk, flush=True)
"""
CONSISTENT = """
import json
from govkpi.audit.models import AuditEvent
from govkpi.results.models import Result, ResultEvent
approved = set(Result.objects.filter(status="approved").values_list("pk", flat=True))
history = set(ResultEvent.objects.filter(step="approve").values_list("result_id", flat=True))
audited = {int(key.split()[0]) for key in AuditEvent.objects.filter(action="results.result.approve")
           .values_list("object_key", flat=True)}
print(json.dumps({"approved": len(approved), "same": approved == history == audited}))
"""


def approvals_seen(process, seen: list[str], at_least: int):
    def condition() -> bool:
        while len(seen) < at_least:
            line = process.stdout.readline()
            if not line:
                return False
            if line.strip().isdigit():  # the shell prints a banner first
                seen.append(line)
        return True

    return condition


def test_approvals_killed_mid_burst_are_each_all_or_nothing(site, tmp_path):
    workbook = tmp_path / "submitted.json"
    workbook.write_text(json.dumps(WORKBOOK, ensure_ascii=False), encoding="utf-8")
    site.run("load", str(workbook))

    burst = site.start("shell", "-c", APPROVE_ALL)
    seen: list[str] = []
    wait_for(approvals_seen(burst, seen, 50), burst)
    kill(burst)

    state = json.loads(site.run("shell", "-c", CONSISTENT).stdout.strip().splitlines()[-1])
    assert state["same"] is True
    assert 50 <= state["approved"] < RESULTS, "the kill came in the middle of the burst"
    assert site.audit_verifies()
    assert site.answers() == 200

    site.run("shell", "-c", APPROVE_ALL)
    state = json.loads(site.run("shell", "-c", CONSISTENT).stdout.strip().splitlines()[-1])
    assert state == {"approved": RESULTS, "same": True}
    assert site.audit_verifies()

"""The benchmark of issue 5: `govkpi assess` over a national ITA year (8,300 organisations, all ten indicators).

Target: under 2 s. Baseline, measured in the same run: reading the same rows with the ORM and computing the ten
indicators' weighted total in a bare Python loop (the least any implementation must do).
"""

from __future__ import annotations

import io
import random
import time
from pathlib import Path

BENCHMARKS = ["assess.ita_national"]
FISCAL_YEAR = 2565
ORGS = 8_300
GROUPS = ["regional_administration", "pao", "city_municipality", "town_municipality", "subdistrict_municipality", "sao"]


def _build(count: int) -> None:
    from govkpi.assessments.models import Assessment
    from govkpi.orgs.actions import rebuild_paths
    from govkpi.orgs.models import OrgUnit, PeerGroup

    rng = random.Random(2565)
    root = OrgUnit.objects.create(code="TH", name_th="ประเทศไทย", kind="other")
    groups = {code: PeerGroup.objects.create(code=code) for code in GROUPS}
    OrgUnit.objects.bulk_create(
        [OrgUnit(code=f"ORG{i:05d}", name_th=f"หน่วยงาน {i}", kind="sao", parent=root) for i in range(count)],
        batch_size=2000,
    )
    orgs = list(OrgUnit.objects.exclude(pk=root.pk).values_list("id", flat=True))
    through = OrgUnit.groups.through
    through.objects.bulk_create(
        [through(orgunit_id=pk, peergroup_id=groups[GROUPS[i % len(GROUPS)]].pk) for i, pk in enumerate(orgs)],
        batch_size=5000,
    )
    rows = []
    for i, pk in enumerate(orgs):
        components = {str(n): round(rng.uniform(55, 100), 2) for n in range(1, 11)}
        rows.append(
            Assessment(
                framework="ita",
                fiscal_year=FISCAL_YEAR,
                org_id=pk,
                components=components,
                rank=rng.randint(1, 3000),
                rank_group=GROUPS[i % len(GROUPS)],
            )
        )
    Assessment.objects.bulk_create(rows, batch_size=2000)
    rebuild_paths()


def _floor() -> float:
    from govkpi.assessments.models import Assessment

    started = time.perf_counter()
    for components in Assessment.objects.filter(framework="ita", fiscal_year=FISCAL_YEAR).values_list(
        "components", flat=True
    ):
        tools = ((("1", "2", "3", "4", "5"), 30), (("6", "7", "8"), 30), (("9", "10"), 40))
        sum(weight * sum(components[k] for k in keys) / len(keys) for keys, weight in tools) / 100
    return time.perf_counter() - started


def assess_ita_national(scale: int, workdir: Path) -> list[dict]:
    from django.core.management import call_command

    _build(ORGS)
    started = time.perf_counter()
    call_command("assess", "--framework", "ita", "--fiscal-year", str(FISCAL_YEAR), stdout=io.StringIO())
    seconds = time.perf_counter() - started
    floor = _floor()
    return [
        {
            "name": "assess.ita_national",
            "value": seconds,
            "unit": "s",
            "target": "< 2",
            "baseline": floor,
            "baseline_what": "ORM read of the components + weighted total in a bare loop; no levels, ranks, output (s)",
            "ratio": seconds / floor,
            "passed": seconds < 2,
            "orgs": ORGS,
        },
    ]

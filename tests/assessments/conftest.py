"""Five organisations with ITA 2565 results, hand-computed: a province, a PAO and three SAOs (two tied)."""

from __future__ import annotations

import json

import pytest

from govkpi.assessments.models import Assessment
from govkpi.orgs.models import OrgUnit, PeerGroup
from tests.scorecards.builders import make_orgs

SPECS = [
    # code, groups, score, level, components, rank, rank_group
    (
        "54",
        ["regional_administration"],
        99.15,
        "AA",
        {"IIT": 29.85, "EIT": 29.3, "OIT": 40},
        2,
        "regional_administration",
    ),
    (
        "54-PAO",
        ["pao", "lao"],
        None,
        None,
        {"1": 99, "2": 98, "3": 97, "4": 96, "5": 95, "6": 90, "7": 85, "8": 80, "9": 100, "10": 90},
        None,
        "",
    ),  # 92.6
    ("54-SAO-A", ["sao", "lao"], 90.0, "AA", None, 1, "sao"),  # published AA for 90: flagged level
    ("54-SAO-B", ["sao", "lao"], 90.0, None, None, None, ""),
    ("54-SAO-C", ["sao", "lao"], 84.99, None, None, None, ""),
]


def make_ita(year: int = 2565) -> dict[str, OrgUnit]:
    orgs = make_orgs(("54", None, "จังหวัดแพร่"))
    for code, *_ in SPECS[1:]:
        orgs[code] = OrgUnit.objects.create(
            code=code, name_th=f"หน่วย {code}", name_en=f"Unit {code}", kind="sao", parent=orgs["54"]
        )
    from govkpi.orgs.actions import rebuild_paths

    rebuild_paths()
    for code, groups, score, level, components, rank, group in SPECS:
        org = orgs[code]
        org.groups.set([PeerGroup.objects.get_or_create(code=name)[0] for name in groups])
        Assessment.objects.create(
            framework="ita",
            fiscal_year=year,
            org=org,
            score=score,
            level=level or "",
            components=json.loads(json.dumps(components)) if components else None,
            rank=rank,
            rank_group=group,
        )
    return orgs


@pytest.fixture
def ita(db) -> dict[str, OrgUnit]:
    return make_ita()

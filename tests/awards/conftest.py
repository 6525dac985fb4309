"""A province with two districts and a few awards: 72 on record against a published 71."""

from __future__ import annotations

from datetime import date

import pytest

from govkpi.assessments.models import Assessment
from govkpi.awards.models import Award
from govkpi.claims.models import Claim
from tests.scorecards.builders import make_orgs


@pytest.fixture
def awards(db):
    orgs = make_orgs(
        ("54", None, "จังหวัดแพร่"),
        ("5401", "54", "อำเภอเมืองแพร่"),
        ("5402", "54", "อำเภอร้องกวาง"),
        ("540101", "5401", "ตำบลในเวียง"),
    )
    add = Award.objects.create
    add(fiscal_year=2565, category="ita", title_th="ITA AA", issuer="สำนักงาน ป.ป.ช.", recipient=orgs["54"], quantity=6)
    add(
        fiscal_year=2565,
        category="gecc",
        title_th="GECC",
        issuer="สำนักนายกรัฐมนตรี",
        recipient=orgs["5401"],
        quantity=13,
        date=date(2022, 9, 20),
    )
    add(
        fiscal_year=2565,
        category="gecc",
        title_th="GECC",
        issuer="สำนักนายกรัฐมนตรี",
        recipient=orgs["540101"],
        quantity=1,
        date=date(2022, 11, 1),
    )
    add(fiscal_year=2565, category="pmqa", title_th="PMQA หมวด 1", issuer="สำนักงาน ก.พ.ร.", recipient=orgs["54"])
    add(
        fiscal_year=2565,
        category="moral",
        title_th="ชุมชนคุณธรรม",
        issuer="กระทรวงวัฒนธรรม",
        recipient=orgs["5402"],
        quantity=51,
    )
    Assessment.objects.create(framework="ita", fiscal_year=2565, org=orgs["54"], score=99.15)
    Claim.objects.create(fiscal_year=2565, metric="awards.total", value=71, source="ข่าว ๒๐ ก.ย. ๒๕๖๕")
    Claim.objects.create(fiscal_year=2565, metric="awards.ita", value=6, source="ข่าว ๒๐ ก.ย. ๒๕๖๕")
    return orgs

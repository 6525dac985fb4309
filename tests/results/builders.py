"""A small province for results collection, with named people (STYLE.md §8).

    54 province ── 5401 district ── 540101 subdistrict
               └── 5402 district

People: ``admin`` (province admin), ``rep5401`` (reporter of 5401), ``app5401`` (approver of 5401 and below),
``rep540101`` (reporter of the subdistrict below 5401), ``rep5402`` (reporter of 5402), ``viewer`` (viewer of 54).
Indicators of fiscal year 2565, both reported quarterly by 5401, 540101 and 5402: ``I-MEAN`` (a mean, allowed
range 0–100) and ``I-RATIO`` (a percentage: numerator / denominator × 100).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from govkpi.accounts.models import Membership
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from tests.scorecards.builders import make_criterion, make_goal, make_indicator, make_orgs

PASSWORD = "a-long-test-passphrase"
PEOPLE = {
    "admin": ("54", "admin"),
    "rep5401": ("5401", "reporter"),
    "app5401": ("5401", "approver"),
    "rep540101": ("540101", "reporter"),
    "rep5402": ("5402", "reporter"),
    "viewer": ("54", "viewer"),
}


@dataclass
class World:
    orgs: dict[str, OrgUnit]
    people: dict[str, Any]
    mean: Indicator
    ratio: Indicator


def build_world() -> World:
    orgs = make_orgs(
        ("54", None, "จังหวัดแพร่"),
        ("5401", "54", "อำเภอเมืองแพร่"),
        ("540101", "5401", "ตำบลในเวียง"),
        ("5402", "54", "อำเภอร้องกวาง"),
    )
    goal = make_goal("G01")
    mean = make_indicator("I-MEAN", goal, aggregation="mean")
    mean.min_value, mean.max_value = 0, 100
    mean.save()
    ratio = make_indicator("I-RATIO", goal, aggregation="ratio")
    for indicator in (mean, ratio):
        indicator.responsible.set([orgs["5401"], orgs["540101"], orgs["5402"]])
        make_criterion(2565, indicator)
    User = get_user_model()
    people = {}
    for name, (code, role) in PEOPLE.items():
        user = User.objects.create_user(name, f"{name}@example.org", PASSWORD)
        Membership.objects.create(user=user, org=orgs[code], role=role)
        people[name] = user
    return World(orgs, people, mean, ratio)

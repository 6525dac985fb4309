"""The small synthetic province, for the tests of this folder."""

from __future__ import annotations

import json
from typing import Any

from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.loading import load_year
from govkpi.scorecards.services import Scorer
from govkpi.synth.actions import load_synthetic

YEAR = 2565


def load_small(seed: int = 1) -> None:
    load_synthetic("small", seed, acting_user=None, channel="cli")


def live_card(org: OrgUnit) -> dict[str, Any]:
    """The scorecard computed from the results, never from the store."""
    return Scorer(load_year(YEAR, root=org)).card(org.pk)


def same(a: object, b: object) -> bool:
    """Equal to the last bit, key order included."""
    return json.dumps(a, sort_keys=False) == json.dumps(b, sort_keys=False)

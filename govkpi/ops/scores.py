"""How current the score store is, year by year, for `govkpi materialise`, `govkpi doctor` and the metrics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govkpi.audit.models import AuditEvent
from govkpi.audit.version import data_version
from govkpi.plans.models import Criterion
from govkpi.scorecards.incremental import policy_and_store
from govkpi.scorecards.models import StoreState


def score_years() -> list[int]:
    """Every fiscal year that has criteria (so scores), or a store to bring up to date or empty."""
    years = set(Criterion.objects.values_list("fiscal_year", flat=True).distinct())
    years |= set(StoreState.objects.values_list("fiscal_year", flat=True))
    return sorted(years)


@dataclass(frozen=True)
class StoreStatus:
    fiscal_year: int
    current: bool
    computed_at: dt.datetime | None  # None: never materialised
    behind_seconds: float  # the newest audit event's time minus that of the newest one the store took into account


def store_status() -> list[StoreStatus]:
    """One line per fiscal year of :func:`score_years` (a query per year, plus two)."""
    states = {state.fiscal_year: state for state in StoreState.objects.all()}
    version = data_version()
    seen_at = dict(
        AuditEvent.objects.filter(id__in=[state.event_id for state in states.values()]).values_list("id", "at")
    )
    found = []
    for year in score_years():
        _policy, current = policy_and_store(year)
        state = states.get(year)
        behind = 0.0
        if not current and version is not None:
            since = seen_at.get(state.event_id) if state else None
            behind = (version[1] - since).total_seconds() if since else float("inf")
        found.append(StoreStatus(year, current, state.computed_at if state else None, max(behind, 0.0)))
    return found

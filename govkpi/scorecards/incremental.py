"""The score store: every organisation's combined values kept in the database, so that a scorecard at national scale
is read rather than recomputed, and one approval updates only what it touches.

* :func:`materialise` — compute every value of a fiscal year (the bulk engine, `govkpi.scorecards.bulk`) and store it.
* :func:`refresh_after_change` — after results of some organisations and indicators changed: recompute those
  indicators for those organisations and their ancestors only (a few thousand rows at national scale) and update
  their stored values. The results workflow calls it after an approval, inside the approving transaction and after
  recording the approval in the audit log.
* :func:`stored_card` — the §7 scorecard of one organisation from the store (three queries), or None when the store
  is not current; `services.score_org` uses it and falls back to computing.

When is the store current? It remembers the newest audit event it has taken into account. Every write goes through
an action that records an audit event, so any newer event that can change a score (anything but the kinds listed
in :data:`SCORE_NEUTRAL`) means the store may be stale, and scorecards are computed from the results until the
store is materialised again or refreshed. `refresh_after_change` takes into account exactly one new event — the
caller's own; if there are more, the store stays stale (some other write changed scores without refreshing it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction

from govkpi.audit.actions import record
from govkpi.audit.models import AuditEvent
from govkpi.audit.version import data_version, newest_event_id
from govkpi.core.combine import Combined
from govkpi.core.scoring import Policy
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import ScoringPolicy
from govkpi.workbook import fast

from .card import Scorer
from .loading import YearData, load_changed, load_criteria, load_indicators, node_of
from .models import StoredValues, StoreState
from .rollup import Values

# Audit object types whose events never change a score; any other newer event makes the store stale.
SCORE_NEUTRAL = (
    "user",
    "auth.user",
    "accounts.apitoken",
    "backup",
    "assessments.assessment",
    "awards.award",
    "claims.claim",
    "scorecards.store",
    # the strategy cycle, map boundaries and periodic jobs: no value, criterion or policy of a scorecard
    *(f"strategy.{model}" for model in ("plan", "planitem", "target", "project", "projectprogress",
                                        "disbursementtarget", "commentary", "correctiveaction")),
    "maps.boundary",
    "ops.job",
    "notify.contact",
    "notify.outboxmessage",
    "results.period",  # an unlock opens a period for entry; values change only when a result is approved
)
# Workflow steps that never touch an approved value: drafts, edits of drafts, submissions, returns (from
# submitted) and evidence. Approvals and reopenings do, and refresh the store themselves.
SCORE_NEUTRAL_ACTIONS = (
    *(f"results.result.{step}" for step in ("create", "edit", "submit", "return", "evidence")),
    "results.remind",
)
STORE_OBJECT = "scorecards.store"


CURRENT_PARAMS = (*SCORE_NEUTRAL, *SCORE_NEUTRAL_ACTIONS)  # the placeholders of `store_current_sql`, in order


def store_current_sql(state: str) -> str:
    """The SQL condition "the store state row ``state`` (an alias) is current": no newer audit event that can change
    a score. Its placeholders take :data:`CURRENT_PARAMS`; the pre-rendered cards (`prerender`) use it too."""
    audit = connection.ops.quote_name(AuditEvent._meta.db_table)
    neutral = ", ".join(["%s"] * len(SCORE_NEUTRAL))
    neutral_actions = ", ".join(["%s"] * len(SCORE_NEUTRAL_ACTIONS))
    return (
        f"{state}.event_id > 0 AND NOT EXISTS (SELECT 1 FROM {audit} a WHERE a.id > {state}.event_id "
        f"AND a.object_type NOT IN ({neutral}) AND a.action NOT IN ({neutral_actions}))"
    )


def _policy_and_state_sql() -> str:
    quote = connection.ops.quote_name
    policy, state = ScoringPolicy._meta.db_table, StoreState._meta.db_table
    return (
        f"SELECT p.interpolation, p.floor, p.missing, p.achieved_from, p.at_risk_from, p.min_coverage, "
        f"CASE WHEN {store_current_sql('s')} THEN 1 ELSE 0 END "
        f"FROM (SELECT 1 AS one) o "
        f"LEFT JOIN {quote(policy)} p ON p.fiscal_year = %s "
        f"LEFT JOIN {quote(state)} s ON s.fiscal_year = %s"
    )


def policy_and_store(fiscal_year: int) -> tuple[Policy, bool]:
    """The year's scoring policy and whether the store is current for it, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_policy_and_state_sql(), [*CURRENT_PARAMS, fiscal_year, fiscal_year])
        interpolation, floor, missing, achieved_from, at_risk_from, min_coverage, current = cursor.fetchone()
    policy = (
        Policy()
        if interpolation is None
        else Policy(
            interpolation=interpolation,
            floor=floor,
            missing=missing,
            achieved_from=achieved_from,
            at_risk_from=at_risk_from,
            min_coverage=min_coverage,
        )
    )
    return policy, bool(current)


def _stored(combined: Combined) -> list[Any]:
    return [combined.value, combined.numerator, combined.denominator, combined.source]


def _by_org(values: dict[tuple[int, int], Combined]) -> dict[int, dict[str, list[Any]]]:
    grouped: dict[int, dict[str, list[Any]]] = defaultdict(dict)
    for (org_id, indicator_id), combined in values.items():
        grouped[org_id][str(indicator_id)] = _stored(combined)
    return grouped


def _memo(org_id: int, stored: dict[str, list[Any]]) -> dict[tuple[int, int], Combined]:
    return {(org_id, int(key)): Combined(*row) for key, row in stored.items()}


@transaction.atomic
def materialise(fiscal_year: int, *, acting_user: AbstractBaseUser | None = None, channel: str = "cli") -> int:
    """Compute and store every organisation's values for the year. Returns how many organisations have values."""
    seen = newest_event_id()  # read before the inputs: a write committed after this makes the store stale, never wrong
    from .bulk import iter_values  # the bulk engine imports the services, which import this module

    grouped = dict(iter_values(fiscal_year))  # the same values as `Values(load_year(…))`, computed on columns
    StoredValues.objects.filter(fiscal_year=fiscal_year).delete()
    prepare = StoredValues._meta.get_field("values").get_db_prep_save
    fast.copy(
        StoredValues,
        ["fiscal_year", "org_id", "values"],
        ((fiscal_year, org_id, prepare(values, connection)) for org_id, values in grouped.items()),
    )
    StoreState.objects.update_or_create(fiscal_year=fiscal_year, defaults={"event_id": seen})
    from .prerender import prerender  # it reads cards through this module

    prerender(fiscal_year, grouped)
    record(
        acting_user=acting_user,
        channel=channel,
        action="scorecards.materialise",
        object_type=STORE_OBJECT,
        object_key=str(fiscal_year),
        changes={"organisations": len(grouped)},
    )
    return len(grouped)


@transaction.atomic
def refresh_after_change(fiscal_year: int, org_ids: Iterable[int], indicator_ids: Iterable[int]) -> bool:
    """Bring the stored values of the changed organisations and all their ancestors up to date for the changed
    indicators. Returns False (and changes nothing) when the store of the year was not current before the change;
    scorecards are then computed from the results until :func:`materialise` runs."""
    state = StoreState.objects.select_for_update().filter(fiscal_year=fiscal_year).first()
    if state is None or state.event_id <= 0:
        return False
    newer = list(
        AuditEvent.objects.filter(id__gt=state.event_id)
        .exclude(object_type__in=SCORE_NEUTRAL)
        .exclude(action__in=SCORE_NEUTRAL_ACTIONS)
        .order_by("id")
        .values_list("id", flat=True)[:2]
    )
    if len(newer) > 1:
        return False
    policy, _current = policy_and_store(fiscal_year)
    data = load_indicators(fiscal_year, policy, indicator_ids)
    indicators = set(data.indicators)
    affected = load_changed(data, org_ids, indicators)
    fresh = _by_org(Values(data).items()) if indicators else {}
    rows = {row.org_id: row for row in StoredValues.objects.filter(fiscal_year=fiscal_year, org_id__in=affected)}
    changed, created, emptied = [], [], []
    for org_id in affected:
        row = rows.get(org_id)
        values = {key: value for key, value in (row.values if row else {}).items() if int(key) not in indicators}
        values.update(fresh.get(org_id, {}))
        if row is None:
            if values:
                created.append(StoredValues(fiscal_year=fiscal_year, org_id=org_id, values=values))
        elif not values:
            emptied.append(row.pk)
        elif values != row.values:
            row.values = values
            changed.append(row)
    for row in changed:  # a handful of rows (the organisation and its ancestors): plain UPDATEs beat a CASE
        StoredValues.objects.filter(pk=row.pk).update(values=row.values)
    StoredValues.objects.bulk_create(created)
    StoredValues.objects.filter(pk__in=emptied).delete()
    from .prerender import forget

    forget(fiscal_year, affected)  # their pre-rendered cards are of the values before
    state.event_id = newer[0] if newer else state.event_id
    state.save(update_fields=["event_id", "computed_at"])
    return True


# fiscal year → ((newest audit event, policy), the year's criteria for every organisation): kept per process
_CRITERIA: dict[int, tuple[tuple[Any, Policy], YearData]] = {}


def _shared_criteria(fiscal_year: int, policy: Policy) -> YearData:
    """The year's criteria, indicators and goals, read once per process while no write has happened since (every
    write is audited, so the newest audit event tells: one indexed query instead of 1,200 criteria per scorecard at
    national scale). Each caller gets its own YearData around the shared, read-only dictionaries."""
    version = (data_version(), policy)  # the event's time too (see govkpi.audit.version)
    hit = _CRITERIA.get(fiscal_year)
    if hit is None or hit[0] != version:
        hit = _CRITERIA[fiscal_year] = (version, load_criteria(fiscal_year, None, policy))
    base = hit[1]
    return YearData(fiscal_year, policy, base.indicators, base.goals, base.default_criteria, base.org_criteria, {})


def stored_card(fiscal_year: int, org: OrgUnit, policy: Policy | None = None) -> dict[str, Any] | None:
    """The organisation's §7 scorecard from the store, or None when the store is not current (three queries; two
    when the caller has already checked the store with :func:`policy_and_store` and passes the policy)."""
    if policy is None:
        policy, current = policy_and_store(fiscal_year)
        if not current:
            return None
    data = _shared_criteria(fiscal_year, policy)
    data.orgs = {org.pk: node_of(org)}
    row = StoredValues.objects.filter(fiscal_year=fiscal_year, org=org).values_list("values", flat=True).first()
    return Scorer(data, _memo(org.pk, row or {})).card(org.pk)

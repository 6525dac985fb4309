"""What the database already holds, read in one query per table: codes → ids for references, and the existing
rows of each table in the same shape as validated workbook rows (codes, not ids), so that comparing is `==`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from govkpi.assessments.models import Assessment
from govkpi.awards.models import Award
from govkpi.claims.models import Claim
from govkpi.events.models import Event
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Criterion, Goal, Indicator, ScoringPolicy
from govkpi.results.models import Result
from govkpi.sdg.models import SdgIndicator, SdgTarget
from govkpi.strategy import workbook as strategy

from .schema import TABLES, Column, Table

MODELS: dict[str, type[models.Model]] = {
    "org_units": OrgUnit,
    "goals": Goal,
    "indicators": Indicator,
    "scoring_policy": ScoringPolicy,
    "criteria": Criterion,
    "results": Result,
    "assessments": Assessment,
    "awards": Award,
    "claims": Claim,
    "events": Event,
    **strategy.MODELS,  # plans, plan_items, targets, projects, project_progress, disbursement_targets
}
M2M = {("org_units", "groups"), ("indicators", "responsible")}


@dataclass(frozen=True)
class IndicatorInfo:
    direction: str
    aggregation: str
    multiplier: float
    min_value: float | None = None  # the allowed range of a result's value
    max_value: float | None = None
    responsible: frozenset[str] = frozenset()  # the organisations that report it; empty: any


@dataclass
class Lookups:
    """Codes → ids of the referenced tables, and what validation needs to know about existing rows."""

    ids: dict[str, dict[str, int]] = field(default_factory=dict)  # table → code → id
    codes: dict[str, dict[int, str]] = field(default_factory=dict)  # table → id → code
    org_parent: dict[str, str | None] = field(default_factory=dict)  # org code → parent code
    indicators: dict[str, IndicatorInfo] = field(default_factory=dict)
    sdg: frozenset[str] = frozenset()

    @classmethod
    def load(cls) -> Lookups:
        lookups = cls()
        orgs = list(OrgUnit.objects.values_list("id", "code", "parent_id"))
        lookups.set_ids("org_units", ((pk, code) for pk, code, _ in orgs))
        codes = lookups.codes["org_units"]
        lookups.org_parent = {code: codes.get(parent) if parent else None for _, code, parent in orgs}
        lookups.set_ids("goals", Goal.objects.values_list("id", "code"))
        indicators = list(
            Indicator.objects.values_list("id", "code", "direction", "aggregation", "multiplier", "min_value",
                                          "max_value")
        )
        lookups.set_ids("indicators", ((pk, code) for pk, code, *_ in indicators))
        responsible: dict[int, set[str]] = {}
        for indicator_id, org_id in Indicator.responsible.through.objects.values_list("indicator_id", "orgunit_id"):
            responsible.setdefault(indicator_id, set()).add(codes[org_id])
        lookups.indicators = {code: IndicatorInfo(*info, frozenset(responsible.get(pk, ())))
                              for pk, code, *info in indicators}
        lookups.sdg = frozenset(SdgTarget.objects.values_list("code", flat=True)) | frozenset(
            SdgIndicator.objects.values_list("code", flat=True)
        )
        return lookups

    def set_ids(self, table: str, pairs: Iterable[tuple[int, str]]) -> None:
        self.codes[table] = dict(pairs)
        self.ids[table] = {code: pk for pk, code in self.codes[table].items()}

    def refresh(self, table: str) -> None:
        self.set_ids(table, MODELS[table].objects.values_list("id", "code"))


def stored_columns(table: Table) -> list[Column]:
    """The columns kept in a model field of the table's own row (M2M columns are apart)."""
    return [column for column in table.columns if (table.name, column.name) not in M2M]


def has_extra(table_name: str) -> bool:
    """Whether the table's model keeps x_ notes (an `extra` field)."""
    return any(f.name == "extra" for f in MODELS[table_name]._meta.get_fields())


def attname(column: Column) -> str:
    return f"{column.model_field}_id" if column.ref else column.model_field


@dataclass
class Existing:
    """The rows of one table already in the database: key → (pk, values), values as in a validated row."""

    rows: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]]
    m2m: dict[int, set[str]] = field(default_factory=dict)  # pk → codes of the M2M column, if the table has one


def existing(table_name: str, lookups: Lookups, **filters: Any) -> Existing:
    if table_name in strategy.MODELS:  # codes and `PLAN:ITEM` references, resolved by the strategy app
        return strategy.existing(table_name, lookups)
    table = TABLES[table_name]
    columns = stored_columns(table)
    names = [column.name for column in columns]
    key_at = [names.index(name) for name in table.key]
    refs = [(i, lookups.codes[column.ref]) for i, column in enumerate(columns) if column.ref]
    notes = ["extra"] if has_extra(table_name) else []
    query = MODELS[table_name].objects.filter(**filters).values_list("pk", *map(attname, columns), *notes)
    rows: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
    for pk, *values in query.iterator(chunk_size=10_000):
        if not notes:
            values.append({})
        for i, codes in refs:
            if values[i] is not None:
                values[i] = codes[values[i]]
        if values[-1] is None:
            values[-1] = {}
        rows[tuple(values[i] for i in key_at)] = (pk, tuple(values))
    result = Existing(rows)
    if table_name == "org_units":
        through = OrgUnit.groups.through.objects.values_list("orgunit_id", "peergroup__code")
        for pk, code in through:
            result.m2m.setdefault(pk, set()).add(code)
    elif table_name == "indicators":
        codes = lookups.codes["org_units"]
        for pk, org in Indicator.responsible.through.objects.values_list("indicator_id", "orgunit_id"):
            result.m2m.setdefault(pk, set()).add(codes[org])
    return result

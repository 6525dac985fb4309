"""Assessment results read from the database and run through the framework engine (govkpi.core.frameworks).

Two queries per framework year: the results with their organisation codes, and the peer groups of those
organisations. Nothing derived is stored: total, level, pass, ranks and flags are computed on every read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

from govkpi.core.framework_results import WeakSpot, rank_flag, ranks_in_groups, summary, weak_spots
from govkpi.core.frameworks import Flag, Framework, FrameworkError, Outcome, load_framework
from govkpi.orgs.models import OrgUnit, PeerGroup

from .errors import AssessmentError, flag_message, flag_templates, framework_error
from .models import Assessment


def get_framework(code: str, fiscal_year: int) -> Framework:
    try:
        return load_framework(code, fiscal_year)
    except FrameworkError as error:
        raise framework_error(error) from error


@dataclass
class Row:
    """One organisation's result and what the framework makes of it."""

    org: str
    name_th: str
    name_en: str
    kind: str
    published_score: float | None
    published_level: str
    published_rank: int | None
    rank_group: str
    components: dict[str, float]
    groups: list[str]
    outcome: Outcome = field(default=Outcome(None, None, None, None))
    ranks: dict[str, int] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_th


def _numbers(components: Any) -> dict[str, float]:
    if not isinstance(components, Mapping):
        return {}
    return {str(k): float(v) for k, v in components.items() if isinstance(v, int | float) and not isinstance(v, bool)}


def _evaluate(framework: Framework, row: Row) -> Outcome:
    try:
        return framework.evaluate(row.published_score, row.published_level or None, row.components)
    except FrameworkError:  # a level typed outside the workbook's checks: keep it, say so
        outcome = framework.evaluate(row.published_score, None, row.components)
        flag = Flag("level_unknown", row.published_level, None)
        return Outcome(outcome.score, outcome.computed_score, outcome.level, outcome.passed, (*outcome.flags, flag))


def framework_rows(framework: Framework) -> list[Row]:
    """Every recorded result of the framework year, evaluated and ranked within each peer group."""
    query = Assessment.objects.filter(framework=framework.code, fiscal_year=framework.fiscal_year).values_list(
        "org_id",
        "org__code",
        "org__name_th",
        "org__name_en",
        "org__kind",
        "score",
        "level",
        "rank",
        "rank_group",
        "components",
    )
    rows: dict[int, Row] = {}
    for org_id, code, name_th, name_en, kind, score, level, rank, group, components in query:
        rows[org_id] = Row(code, name_th, name_en, kind, score, level, rank, group, _numbers(components), [])
    if rows:
        through = OrgUnit.groups.through.objects.filter(
            orgunit__assessments__framework=framework.code, orgunit__assessments__fiscal_year=framework.fiscal_year
        ).values_list("orgunit_id", "peergroup__code")
        for org_id, group in through:
            rows[org_id].groups.append(group)
    for row in rows.values():
        row.outcome = _evaluate(framework, row)
        row.flags = list(row.outcome.flags)
    scores = {row.org: row.outcome.score for row in rows.values() if row.outcome.score is not None}
    groups = {row.org: row.groups for row in rows.values()}
    ranks = ranks_in_groups(scores, groups, framework.rank_groups)
    for row in rows.values():
        row.ranks = ranks.get(row.org, {})
        if row.rank_group and row.rank_group not in row.groups:
            row.flags.append(Flag("group_not_member", row.rank_group, None, row.rank_group))
        found = rank_flag(row.published_rank, row.rank_group, row.ranks)
        if found is not None:
            row.flags.append(found)
    return sorted(rows.values(), key=_order)


def _order(row: Row) -> tuple[bool, float, str]:
    """Highest score first, organisations without a score last, then by code."""
    score = row.outcome.score
    return (score is None, -(score or 0.0), row.org)


def assess(framework_code: str, fiscal_year: int, group: str | None = None) -> dict[str, Any]:
    """The JSON contract of `govkpi assess` (issue 5): every organisation with a result, and a summary."""
    framework = get_framework(framework_code, fiscal_year)
    if group and not PeerGroup.objects.filter(code=group).exists():
        raise AssessmentError("unknown_group", f"no peer group {group}", {"group": group})
    rows = [row for row in framework_rows(framework) if not group or group in row.groups]
    templates = flag_templates()
    return {
        "framework": framework.code,
        "fiscal_year": framework.fiscal_year,
        "summary": summary([row.outcome for row in rows]),
        "organisations": [as_json(row, templates) for row in rows],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def as_json(row: Row, templates: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "org": row.org,
        "score": _round(row.outcome.score),
        "level": row.outcome.level,
        "passed": row.outcome.passed,
        "ranks": row.ranks,
        "published_rank": row.published_rank,
        "published_level": row.published_level or None,
        "flags": [flag_message(flag, templates) for flag in row.flags],
    }


def framework_weak_spots(framework: Framework, rows: list[Row]) -> list[WeakSpot]:
    return weak_spots(framework, {row.org: row.components for row in rows if row.components})


def recorded_years() -> list[tuple[str, int]]:
    """(framework, year) pairs with at least one result, newest year first."""
    pairs = Assessment.objects.values_list("framework", "fiscal_year").distinct()
    return sorted(set(pairs), key=lambda pair: (-pair[1], pair[0]))

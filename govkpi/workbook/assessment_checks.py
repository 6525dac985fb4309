"""The `assessments` table of the workbook checked against the framework configuration (its messages are the
``fw_`` codes of :mod:`.messages`).

Unknown framework or year, a component outside its range, a level name the framework lacks and a rank group the
organisation is not in are errors: nothing loads. A published total, level or rank that is valid but disagrees with
the computed one loads; `govkpi assess` and the public pages flag it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govkpi.core.frameworks import Framework, FrameworkError, load_framework
from govkpi.orgs.models import OrgUnit

if TYPE_CHECKING:
    from .messages import Problems
    from .validate import Plan, Row



def _show(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _org_groups(rows: list[Row], plan: Plan) -> dict[str, set[str]]:
    """Peer groups of the organisations ranked in the file: from the file's org_units, else the database."""
    wanted = {row.values["org"] for row in rows if row.values.get("rank_group")}
    groups: dict[str, set[str]] = {}
    if not wanted:
        return groups
    for row in plan.tables.get("org_units", ()):
        if row.values.get("code") in wanted:
            groups[row.values["code"]] = set(row.values.get("groups") or ())
    missing = wanted - set(groups)
    if missing:
        through = OrgUnit.groups.through.objects.filter(orgunit__code__in=missing)
        for org in missing:
            groups[org] = set()
        for org, group in through.values_list("orgunit__code", "peergroup__code"):
            groups[org].add(group)
    return groups


def assessments(rows: list[Row], plan: Plan, problems: Problems) -> None:
    frameworks: dict[tuple[str, int], Framework | None] = {}
    groups = _org_groups(rows, plan)
    for row in rows:
        if not row.ok:
            continue
        values = row.values
        key = (values["framework"], values["fiscal_year"])
        if key not in frameworks:
            try:
                frameworks[key] = load_framework(*key)
            except FrameworkError:
                frameworks[key] = None
        framework = frameworks[key]
        if framework is None:
            problems.add("fw_unknown_framework", "assessments", row.number, "framework", framework=key[0], year=key[1])
            row.ok = False
            continue
        _check_row(framework, row, groups, problems)


def _check_row(framework: Framework, row: Row, groups: dict[str, set[str]], problems: Problems) -> None:
    values = row.values
    add = problems.add
    if values["components"]:
        try:
            framework.check_components(values["components"])
        except FrameworkError as error:
            p = error.params
            if error.code == "unknown_component":
                add("fw_unknown_component", "assessments", row.number, "components", **p)
            else:
                add(
                    "fw_component_out_of_range",
                    "assessments",
                    row.number,
                    "components",
                    name=p["name"],
                    value=_show(p["value"]),
                    low=_show(p["low"]),
                    high=_show(p["high"]),
                )
            row.ok = False
    score = values["score"]
    if score is not None and not framework.scale_low <= score <= framework.scale_high:
        add(
            "fw_score_out_of_range",
            "assessments",
            row.number,
            "score",
            value=_show(score),
            low=_show(framework.scale_low),
            high=_show(framework.scale_high),
        )
        row.ok = False
    if values["level"]:
        try:
            framework.canonical_level(values["level"])
        except FrameworkError as error:
            add("fw_unknown_level", "assessments", row.number, "level", **error.params)
            row.ok = False
    group = values["rank_group"]
    if group and group not in groups.get(values["org"], set()):
        found = ", ".join(sorted(groups.get(values["org"], ()))) or "–"
        add(
            "fw_rank_group_not_member",
            "assessments",
            row.number,
            "rank_group",
            org=values["org"],
            group=group,
            groups=found,
        )
        row.ok = False

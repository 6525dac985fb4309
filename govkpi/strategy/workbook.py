"""The strategy-cycle tables of the workbook (planning.md): their rules, the rows the database holds (codes, as
validated rows hold them) and how changed rows are written.

`govkpi.workbook` calls in here for these tables: `checks.RULES` for the rules, `store.existing` for the rows
held and `actions.load_workbook` for writing. Plans and plan items are named by code and by `PLAN:ITEM`, which the
generic `ref` mechanism cannot resolve, so these tables keep codes in their rows and resolve ids when written.
The rules between a project's reported figures live in :mod:`govkpi.core.budget`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import models

from govkpi.core.budget import BudgetProblem, ProgressRow, check_progress, check_shares
from govkpi.core.periods import parse_period
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Criterion, Goal, Indicator
from govkpi.workbook.values import show

from .models import (
    Commentary,
    CorrectiveAction,
    DisbursementTarget,
    Plan,
    PlanItem,
    Project,
    ProjectProgress,
    Target,
)

if TYPE_CHECKING:
    from govkpi.workbook.actions import Changes
    from govkpi.workbook.messages import Problems
    from govkpi.workbook.store import Existing, Lookups
    from govkpi.workbook.validate import Plan as Checked
    from govkpi.workbook.validate import Row

MODELS: dict[str, type[models.Model]] = {
    "plans": Plan,
    "plan_items": PlanItem,
    "targets": Target,
    "projects": Project,
    "project_progress": ProjectProgress,
    "disbursement_targets": DisbursementTarget,
    "commentary": Commentary,
    "corrective_actions": CorrectiveAction,
}

Key = tuple[Any, ...]


def item_reference(value: str) -> tuple[str, str] | None:
    """`PLAN:ITEM` → (plan, item); None when it is not of that form."""
    plan, sep, item = value.partition(":")
    plan, item = plan.strip(), item.strip()
    return (plan, item) if sep and plan and item else None


# --- the rows the database holds ----------------------------------------------------------------------------------


def _rows(query: Any, key_at: tuple[int, ...], lists: dict[int, dict[int, list[str]]] | None = None) -> Existing:
    """Existing rows from ``values_list("pk", *columns, "extra")``; ``lists``: column index → pk → codes."""
    from govkpi.workbook.store import Existing

    rows: dict[Key, tuple[int, tuple[Any, ...]]] = {}
    for pk, *values in query:
        for at, by_pk in (lists or {}).items():
            values.insert(at, sorted(by_pk.get(pk, ())))
        values[-1] = values[-1] or {}
        rows[tuple(values[i] for i in key_at)] = (pk, tuple(values))
    return Existing(rows)


def _item_codes() -> dict[int, str]:
    return {pk: f"{plan}:{code}" for pk, plan, code in PlanItem.objects.values_list("pk", "plan__code", "code")}


def existing(table: str, lookups: Lookups | None = None) -> Existing:
    """The rows of one strategy table in the database, keyed and ordered as :mod:`govkpi.workbook.schema` says."""
    if table == "plans":
        query = Plan.objects.values_list("pk", "code", "title_th", "title_en", "level", "start_year", "end_year",
                                         "parent__code", "extra")
        return _rows(query, (0,))
    if table == "plan_items":
        codes = _item_codes()
        aligns: dict[int, list[str]] = defaultdict(list)
        for source, target in PlanItem.aligns.through.objects.values_list("from_planitem_id", "to_planitem_id"):
            aligns[source].append(codes[target])
        goals: dict[int, list[str]] = defaultdict(list)
        for item, goal in PlanItem.goals.through.objects.values_list("planitem_id", "goal__code"):
            goals[item].append(goal)
        query = PlanItem.objects.values_list("pk", "plan__code", "code", "title_th", "title_en", "parent__code",
                                             "extra")
        return _rows(query, (0, 1), {5: aligns, 6: goals})
    if table == "targets":
        query = Target.objects.values_list("pk", "indicator__code", "org__code", "fiscal_year", "target",
                                           "plan__code", "extra")
        return _rows(query, (0, 1, 2))
    if table == "projects":
        codes = _item_codes()
        indicators: dict[int, list[str]] = defaultdict(list)
        for project, indicator in Project.indicators.through.objects.values_list("project_id", "indicator__code"):
            indicators[project].append(indicator)
        rows = []
        for pk, *values, item, extra in Project.objects.values_list(
            "pk", "code", "fiscal_year", "title_th", "title_en", "org__code", "goal__code", "budget_source", "kind",
            "allocated", "start", "end", "plan_item_id", "extra",
        ):
            rows.append((pk, *values[:6], codes.get(item) if item else None, *values[6:], extra))
        return _rows(rows, (0,), {6: indicators})
    if table == "project_progress":
        query = ProjectProgress.objects.values_list("pk", "project__code", "period", "disbursed", "committed",
                                                    "progress", "status", "problems", "suggestions", "extra")
        return _rows(query, (0, 1))
    if table == "commentary":
        query = Commentary.objects.values_list("pk", "org__code", "indicator__code", "goal__code", "period",
                                               "analysis", "problems", "suggestions", "lessons", "extra")
        return _rows(query, (0, 1, 2, 3))
    if table == "corrective_actions":
        query = CorrectiveAction.objects.values_list("pk", "code", "indicator__code", "org__code", "title_th",
                                                     "title_en", "owner__code", "due", "status", "opened_in",
                                                     "extra")
        return _rows(query, (0,))
    query = DisbursementTarget.objects.values_list("pk", "fiscal_year", "period", "kind", "share", "extra")
    return _rows(query, (0, 1, 2))


def _held(checked: Checked, table: str) -> Existing:
    found = checked.existing.get(table)
    if found is None:
        found = checked.existing[table] = existing(table)
    return found


def _in_file(checked: Checked, table: str) -> list[Row]:
    return [row for row in checked.tables.get(table, []) if row.ok]


# --- rules --------------------------------------------------------------------------------------------------------


def plans(rows: list[Row], checked: Checked, problems: Problems) -> None:
    """The years in order, the parent known, no cycle of parents."""
    parent = {key[0]: values[6] for key, (_, values) in _held(checked, "plans").rows.items()}
    for row in rows:
        values = row.values
        if values["code"]:
            parent[values["code"]] = values["parent"]
    for row in rows:
        values = row.values
        start, end = values["start_year"], values["end_year"]
        if start is not None and end is not None and end < start:
            problems.add("plan_years", "plans", row.number, "end_year", start=start, end=end)
            row.ok = False
        if values["parent"] and values["parent"] not in parent:
            problems.add("unknown_plan", "plans", row.number, "parent", value=values["parent"])
            row.ok = False
        elif values["code"]:
            walk, node = [values["code"]], values["parent"]
            while node and node not in walk:
                walk.append(node)
                node = parent.get(node)
            if node:
                problems.add("plan_cycle", "plans", row.number, "parent", path=" → ".join([*walk, node]))
                row.ok = False


def _plan_codes(checked: Checked) -> set[str]:
    """Plans of the database and the file (a file row with a problem still names its plan: one mistake, one
    message; nothing is written anyway)."""
    return {key[0] for key in _held(checked, "plans").rows} | {row.values["code"] for row in
                                                               checked.tables.get("plans", []) if row.values["code"]}


def _items(checked: Checked) -> set[tuple[str, str]]:
    return set(_held(checked, "plan_items").rows) | {(row.values["plan"], row.values["code"])
                                                     for row in checked.tables.get("plan_items", [])
                                                     if row.values["plan"] and row.values["code"]}


def _check_item(value: str, items: set[tuple[str, str]], at: tuple[str, int, str], problems: Problems) -> bool:
    """A `PLAN:ITEM` cell names a known item; else the problem is said at ``at`` (table, row, column)."""
    reference = item_reference(value)
    if reference is None:
        problems.add("bad_item_reference", *at, value=value)
        return False
    if reference not in items:
        problems.add("unknown_plan_item", *at, value=value)
        return False
    return True


def plan_items(rows: list[Row], checked: Checked, problems: Problems) -> None:
    plan_codes = _plan_codes(checked)
    items = _items(checked) | {(row.values["plan"], row.values["code"]) for row in rows
                               if row.values["plan"] and row.values["code"]}
    for row in rows:
        values = row.values
        plan = values["plan"]
        if plan and plan not in plan_codes:
            problems.add("unknown_plan", "plan_items", row.number, "plan", value=plan)
            row.ok = False
            continue
        if values["parent"] and (plan, values["parent"]) not in items:
            problems.add("unknown_plan_item_parent", "plan_items", row.number, "parent", plan=plan,
                         value=values["parent"])
            row.ok = False
        for value in values["aligns"] or ():
            reference = item_reference(value)
            if not _check_item(value, items, ("plan_items", row.number, "aligns"), problems):
                row.ok = False
            elif reference is not None and reference[0] == plan:
                problems.add("aligns_same_plan", "plan_items", row.number, "aligns", value=value)
                row.ok = False
        references = [item_reference(value) for value in values["aligns"] or ()]
        values["aligns"] = sorted(f"{plan}:{item}" for plan, item in filter(None, references))
        values["goals"] = sorted(values["goals"] or ())


def _criteria_targets(checked: Checked) -> dict[tuple[str, str | None, int], float | None]:
    """(indicator, org, year) → criteria.target, the file's rows over the database's."""
    found: dict[tuple[str, str | None, int], float | None] = {
        (indicator, org, year): target
        for indicator, org, year, target in Criterion.objects.values_list("indicator__code", "org__code",
                                                                         "fiscal_year", "target")
    }
    for row in _in_file(checked, "criteria"):
        values = row.values
        found[(values["indicator"], values["org"], values["fiscal_year"])] = values["target"]
    return found


def targets(rows: list[Row], checked: Checked, problems: Problems) -> None:
    plan_codes = _plan_codes(checked)
    criteria = _criteria_targets(checked) if rows else {}
    for row in rows:
        values = row.values
        if values["plan"] and values["plan"] not in plan_codes:
            problems.add("unknown_plan", "targets", row.number, "plan", value=values["plan"])
            row.ok = False
        if not row.ok:
            continue
        agreed = criteria.get((values["indicator"], values["org"], values["fiscal_year"]))
        if agreed is not None and not math.isclose(agreed, values["target"], rel_tol=1e-12, abs_tol=1e-12):
            problems.add("target_criteria", "targets", row.number, "target", value=show(values["target"]),
                         criteria=show(agreed))
            row.ok = False


def projects(rows: list[Row], checked: Checked, problems: Problems) -> None:
    """Money not negative, the plan item known, the dates in order, and no allocation below what the database says
    was already paid (the progress rows of a file are checked against the allocation by `project_progress`)."""
    items = _items(checked)
    paid: dict[str, float] = defaultdict(float)
    for (code, _period), (_, stored) in _held(checked, "project_progress").rows.items():
        paid[code] += stored[2]
    for row in rows:
        values = row.values
        allocated = values["allocated"]
        if allocated is not None and allocated < 0:
            problems.add("negative_money", "projects", row.number, "allocated", value=show(allocated))
            row.ok = False
        elif allocated is not None and paid.get(values["code"], 0) > allocated:
            problems.add("over_allocated", "projects", row.number, "allocated", total=show(paid[values["code"]]),
                         allocated=show(allocated))
            row.ok = False
        if values["plan_item"] and not _check_item(values["plan_item"], items,
                                                   ("projects", row.number, "plan_item"), problems):
            row.ok = False
        if values["start"] and values["end"] and values["end"] < values["start"]:
            problems.add("project_dates", "projects", row.number, "end", start=show(values["start"]),
                         end=show(values["end"]))
            row.ok = False
        values["indicators"] = sorted(values["indicators"] or ())


def _say(problem: BudgetProblem, table: str, rows: list[Row | None], problems: Problems) -> Row | None:
    """Say a core problem at its file row; one found at a database row is said at the file row it clashes with
    (the ``other`` period of an overlap, the ``period`` of a higher earlier progress), if there is one."""
    code, index, column, params = problem
    row = rows[index]
    if row is None:
        partner = params.get("other") if code == "progress_overlap" else params.get("period")
        row = next((candidate for candidate in rows
                    if candidate is not None and candidate.values.get("period") == partner), None)
        if row is not None and code == "progress_overlap":
            params = {**params, "value": params["other"], "other": params["value"]}
    if row is not None:
        shown = {name: (show(value) if isinstance(value, float) else value) for name, value in params.items()}
        problems.add(code, table, row.number, column, **shown)
        row.ok = False
    return row


def project_progress(rows: list[Row], checked: Checked, problems: Problems) -> None:
    """Each project's rows of the file and the database together, by :func:`govkpi.core.budget.check_progress`."""
    held_projects = {key[0]: values for key, (_, values) in _held(checked, "projects").rows.items()}
    file_projects = {row.values["code"]: row for row in checked.tables.get("projects", [])}
    by_project: dict[str, dict[str, tuple[ProgressRow, Row | None]]] = defaultdict(dict)
    for row in rows:
        values = row.values
        code = values["project"]
        if code and code not in held_projects and (code not in file_projects or not file_projects[code].ok):
            if code not in file_projects:
                problems.add("unknown_project", "project_progress", row.number, "project", value=code)
            row.ok = False
        if not row.ok:
            continue
        by_project[code][values["period"]] = (ProgressRow(parse_period(values["period"]), values["disbursed"],
                                                          values["progress"], values["status"] or None,
                                                          values["committed"]), row)
    for (code, period), (_, stored) in _held(checked, "project_progress").rows.items():
        if code in by_project or (code in file_projects and file_projects[code].ok):
            group = by_project[code]
            if period not in group:
                group[period] = (ProgressRow(parse_period(period), stored[2], stored[4], stored[5] or None,
                                             stored[3]), None)
    for code, group in by_project.items():
        project = file_projects.get(code)
        year, allocated = ((project.values["fiscal_year"], project.values["allocated"]) if project is not None
                           else (held_projects[code][1], held_projects[code][10]))
        entries = list(group.values())
        found = check_progress(year, allocated, [entry for entry, _ in entries])
        for problem in found:  # an allocation below the database's payments is said by `projects`
            _say(problem, "project_progress", [row for _, row in entries], problems)


def disbursement_targets(rows: list[Row], checked: Checked, problems: Problems) -> None:
    groups: dict[tuple[int, str], dict[str, tuple[float, Row | None]]] = defaultdict(dict)
    for row in rows:
        values = row.values
        if not row.ok:
            continue
        if parse_period(values["period"]).fiscal_year != values["fiscal_year"]:
            problems.add("share_year", "disbursement_targets", row.number, "period", value=values["period"],
                         year=values["fiscal_year"])
            row.ok = False
            continue
        groups[(values["fiscal_year"], values["kind"])][values["period"]] = (values["share"], row)
    for (year, period, kind), (_, stored) in _held(checked, "disbursement_targets").rows.items():
        if (year, kind) in groups and period not in groups[(year, kind)]:
            groups[(year, kind)][period] = (stored[3], None)
    for group in groups.values():
        entries = list(group.items())
        found = check_shares([(parse_period(period), share) for period, (share, _) in entries])
        for problem in found:
            _say(problem, "disbursement_targets", [row for _, (_, row) in entries], problems)


def commentary(rows: list[Row], checked: Checked, problems: Problems) -> None:
    """Exactly one of indicator and goal (unknown codes and bad periods are said by the cell and reference checks)."""
    for row in rows:
        values = row.values
        if row.ok and bool(values["indicator"]) == bool(values["goal"]):
            problems.add("commentary_subject", "commentary", row.number, "indicator")
            row.ok = False


RULES: dict[str, Callable[[list[Row], Checked, Problems], None]] = {
    "plans": plans,
    "plan_items": plan_items,
    "targets": targets,
    "projects": projects,
    "project_progress": project_progress,
    "disbursement_targets": disbursement_targets,
    "commentary": commentary,
}


# --- writing ------------------------------------------------------------------------------------------------------


def write(table: str, changes: Changes) -> None:
    """Create and update the changed rows of one strategy table (codes resolved to ids here)."""
    if not (changes.create or changes.update):
        return
    rows: list[tuple[int | None, Row]] = [(None, row) for row in changes.create]
    rows += changes.update
    WRITERS[table](rows)


def _ids(model: type[models.Model], field: str = "code") -> dict[Any, int]:
    return {code: pk for pk, code in model.objects.values_list("pk", field)}


def _save(model: type[models.Model], rows: list[tuple[int | None, Row]],
          fields: Callable[[Row], dict[str, Any]]) -> dict[int, Row]:
    """Insert or update each row; returns pk → row."""
    saved: dict[int, Row] = {}
    for pk, row in rows:
        values = {**fields(row), "extra": row.extra}
        if pk is None:
            pk = model.objects.create(**values).pk
        else:
            model.objects.filter(pk=pk).update(**values)
        saved[pk] = row
    return saved


def _write_plans(rows: list[tuple[int | None, Row]]) -> None:
    names = ("code", "title_th", "title_en", "level", "start_year", "end_year")
    saved = _save(Plan, rows, lambda row: {name: row.values[name] for name in names})
    ids = _ids(Plan)
    for pk, row in saved.items():
        Plan.objects.filter(pk=pk).update(parent_id=ids.get(row.values["parent"]))


def _write_plan_items(rows: list[tuple[int | None, Row]]) -> None:
    plans_by_code = _ids(Plan)
    saved = _save(PlanItem, rows, lambda row: {"plan_id": plans_by_code[row.values["plan"]], "code": row.values["code"],
                                               "title_th": row.values["title_th"], "title_en": row.values["title_en"]})
    items = {reference: pk for pk, reference in _item_codes().items()}
    goals = _ids(Goal)
    aligns, linked = PlanItem.aligns.through, PlanItem.goals.through
    aligns.objects.filter(from_planitem_id__in=list(saved)).delete()
    linked.objects.filter(planitem_id__in=list(saved)).delete()
    for pk, row in saved.items():
        values = row.values
        parent = items.get(f"{values['plan']}:{values['parent']}") if values["parent"] else None
        PlanItem.objects.filter(pk=pk).update(parent_id=parent)
    aligns.objects.bulk_create([aligns(from_planitem_id=pk, to_planitem_id=items[value])
                                for pk, row in saved.items() for value in row.values["aligns"]])
    linked.objects.bulk_create([linked(planitem_id=pk, goal_id=goals[code])
                                for pk, row in saved.items() for code in row.values["goals"]])


def _write_targets(rows: list[tuple[int | None, Row]]) -> None:
    indicators, orgs, plan_ids = _ids(Indicator), _ids(OrgUnit), _ids(Plan)
    _save(Target, rows, lambda row: {
        "indicator_id": indicators[row.values["indicator"]], "org_id": orgs.get(row.values["org"]),
        "fiscal_year": row.values["fiscal_year"], "target": row.values["target"],
        "plan_id": plan_ids.get(row.values["plan"]),
    })


def _write_projects(rows: list[tuple[int | None, Row]]) -> None:
    orgs, goals, indicators = _ids(OrgUnit), _ids(Goal), _ids(Indicator)
    items = {reference: pk for pk, reference in _item_codes().items()}
    names = ("code", "fiscal_year", "title_th", "title_en", "budget_source", "kind", "allocated", "start", "end")
    saved = _save(Project, rows, lambda row: {
        **{name: row.values[name] for name in names}, "org_id": orgs[row.values["org"]],
        "goal_id": goals.get(row.values["goal"]), "plan_item_id": items.get(row.values["plan_item"]),
    })
    through = Project.indicators.through
    through.objects.filter(project_id__in=list(saved)).delete()
    through.objects.bulk_create([through(project_id=pk, indicator_id=indicators[code])
                                 for pk, row in saved.items() for code in row.values["indicators"]])


def _write_progress(rows: list[tuple[int | None, Row]]) -> None:
    projects_by_code = _ids(Project)
    names = ("period", "disbursed", "committed", "progress", "status", "problems", "suggestions")
    _save(ProjectProgress, rows, lambda row: {
        **{name: row.values[name] for name in names}, "project_id": projects_by_code[row.values["project"]],
    })


def _write_disbursement_targets(rows: list[tuple[int | None, Row]]) -> None:
    names = ("fiscal_year", "period", "kind", "share")
    _save(DisbursementTarget, rows, lambda row: {name: row.values[name] for name in names})


def _write_commentary(rows: list[tuple[int | None, Row]]) -> None:
    orgs, indicators, goals = _ids(OrgUnit), _ids(Indicator), _ids(Goal)
    names = ("period", "analysis", "problems", "suggestions", "lessons")
    _save(Commentary, rows, lambda row: {
        **{name: row.values[name] for name in names}, "org_id": orgs[row.values["org"]],
        "indicator_id": indicators.get(row.values["indicator"]), "goal_id": goals.get(row.values["goal"]),
    })


def _write_corrective_actions(rows: list[tuple[int | None, Row]]) -> None:
    orgs, indicators = _ids(OrgUnit), _ids(Indicator)
    names = ("code", "title_th", "title_en", "due", "status", "opened_in")
    _save(CorrectiveAction, rows, lambda row: {
        **{name: row.values[name] for name in names}, "org_id": orgs[row.values["org"]],
        "indicator_id": indicators[row.values["indicator"]], "owner_id": orgs.get(row.values["owner"]),
    })


WRITERS: dict[str, Callable[[list[tuple[int | None, Row]]], None]] = {
    "plans": _write_plans,
    "plan_items": _write_plan_items,
    "targets": _write_targets,
    "projects": _write_projects,
    "project_progress": _write_progress,
    "disbursement_targets": _write_disbursement_targets,
    "commentary": _write_commentary,
    "corrective_actions": _write_corrective_actions,
}

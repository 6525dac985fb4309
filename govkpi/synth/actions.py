"""Writing synthetic data: to a workbook file, or into the database in one transaction.

The organisations, goals, indicators, criteria, assessments and disbursement targets always go through
`load_workbook` (full validation). The results, projects and project progress of the small scale do too. The
millions of national results stream through the results action `stream_results` (each row checked by the same rules,
COPY on PostgreSQL, history and audit), and the national projects and their progress through `workbook.fast.copy`
(each project's rows checked by `core.budget.check_progress`, the rule of the workbook and the admin), in the same
transaction, so a failed load leaves nothing behind.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from govkpi.audit.actions import record
from govkpi.core.budget import ProgressRow, check_progress
from govkpi.core.periods import parse_period
from govkpi.ops.progress import SILENT, Progress
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Goal, Indicator
from govkpi.results.actions import stream_results
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result
from govkpi.strategy.models import Project, ProjectProgress
from govkpi.workbook import fast
from govkpi.workbook.actions import load_workbook

from .generate import FISCAL_YEAR, SCALES, disbursement_targets, projects, result_rows, results, structure

# Up to this many results go through the full workbook validation; more stream through the bulk path.
VALIDATED_RESULTS = 200_000
# Up to this many project progress rows go through the workbook; more through the bulk path.
VALIDATED_PROGRESS = 50_000


@dataclass(frozen=True)
class SynthReport:
    scale: str
    seed: int
    organisations: int
    indicators: int
    results: int
    assessments: int
    projects: int = 0
    project_progress: int = 0


def write_json(path: Path, scale_name: str, seed: int, fraction: float = 1.0,
               progress: Progress = SILENT) -> SynthReport:
    """Write the synthetic workbook as JSON, streaming the results so memory stays flat at any size."""
    scale = SCALES[scale_name]
    with progress.stage(_("generating the organisations and indicators")) as bar:
        tables = {**structure(scale, seed), "disbursement_targets": disbursement_targets()}
        bar.advance(sum(map(len, tables.values())))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("{")
        for name, rows in tables.items():
            handle.write(f"{json.dumps(name)}: {json.dumps(rows, ensure_ascii=False)}, ")
        with progress.stage(_("writing results")) as bar:
            count = _write_list(handle, "results", bar.track(result_rows(scale, seed, fraction)))
        handle.write(", ")
        with progress.stage(_("writing projects")) as bar:
            count_projects = _write_list(handle, "projects",
                                         bar.track(project for project, _rows in projects(scale, seed, fraction)))
            handle.write(", ")
            count_progress = _write_list(handle, "project_progress",
                                         (row for _rows, rows in projects(scale, seed, fraction) for row in rows))
        handle.write("}\n")
    return SynthReport(
        scale_name, seed, len(tables["org_units"]), len(tables["indicators"]), count, len(tables["assessments"]),
        count_projects, count_progress,
    )


def _write_list(handle: TextIO, name: str, rows: Iterable[dict[str, object]]) -> int:
    """One table as a JSON list, a row a line; returns how many rows were written."""
    count = 0
    handle.write(f"{json.dumps(name)}: [")
    for row in rows:
        handle.write((",\n" if count else "\n") + json.dumps(row, ensure_ascii=False))
        count += 1
    handle.write("\n]")
    return count


def _load_tables(tables: dict[str, list[dict[str, object]]], name: str, **action: Any) -> None:
    """Load tables in memory through the workbook loader (a JSON file in a private temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="govkpi-synth-") as folder:
        path = Path(folder) / name
        path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
        load_workbook(path, **action)


@transaction.atomic
def load_synthetic(
    scale_name: str,
    seed: int = 1,
    fraction: float = 1.0,
    *,
    acting_user: AbstractBaseUser | None = None,
    channel: str = "cli",
    progress: Progress = SILENT,
) -> SynthReport:
    """Generate and load the synthetic data into the database (which should hold no other data of the year).
    ``progress`` is told the stages: those of the workbook load, then the streamed results and projects."""
    scale = SCALES[scale_name]
    tables = structure(scale, seed)
    rows = list(result_rows(scale, seed, fraction)) if scale_name == "small" else []
    if len(rows) > VALIDATED_RESULTS:
        rows = []
    validated = list(projects(scale, seed, fraction)) if scale_name == "small" else []
    if sum(len(progress) for _, progress in validated) > VALIDATED_PROGRESS:
        validated = []
    extra: dict[str, list[dict[str, object]]] = {"disbursement_targets": disbursement_targets()}
    if validated:
        extra["projects"] = [project for project, _ in validated]
        extra["project_progress"] = [row for _, progress in validated for row in progress]
    _load_tables(
        {**tables, **extra, "results": rows}, f"synth-{scale_name}-{seed}.json", acting_user=acting_user,
        channel=channel, progress=progress,
    )
    count = len(rows)
    if not rows:
        with progress.stage(_("writing results")) as bar:
            count = _copy_results(scale_name, seed, fraction, acting_user=acting_user, channel=channel,
                                  track=bar.track)
    if validated:
        counts = (len(extra["projects"]), len(extra["project_progress"]))
    else:
        with progress.stage(_("writing projects")) as bar:
            counts = _copy_projects(scale_name, seed, fraction, track=bar.track)
    for model in (OrgUnit, Result, Project, ProjectProgress):
        fast.analyze(model)
    report = SynthReport(
        scale_name, seed, len(tables["org_units"]), len(tables["indicators"]), count, len(tables["assessments"]),
        *counts,
    )
    record(
        acting_user=acting_user,
        channel=channel,
        action="synth.load",
        object_type="synthetic_data",
        object_key=f"{scale_name}/{seed}",
        changes={"fraction": fraction, "results": count, "projects": counts[0], "project_progress": counts[1]},
    )
    return report


def _copy_results(scale_name: str, seed: int, fraction: float, *, acting_user: AbstractBaseUser | None,
                  channel: str, track: Callable[[Iterable[Any]], Iterator[Any]] = iter) -> int:
    """The national results, streamed through the results action (checked row by row, history and audit)."""
    orgs = dict(OrgUnit.objects.values_list("code", "id"))
    inds = dict(Indicator.objects.values_list("code", "id"))
    approved = str(ResultStatus.APPROVED)
    rows = (
        (inds[indicator], orgs[org], period, value, numerator, denominator, approved)
        for indicator, org, period, value, numerator, denominator in results(SCALES[scale_name], seed, fraction)
    )
    return stream_results(track(rows), acting_user=acting_user, channel=channel, source=f"synth-{scale_name}-{seed}")


def _copy_projects(scale_name: str, seed: int, fraction: float,
                   track: Callable[[Iterable[Any]], Iterator[Any]] = iter) -> tuple[int, int]:
    """The national projects, then their progress (the generator runs twice: memory stays flat), each project's
    rows checked by :func:`govkpi.core.budget.check_progress` on the way; the first problem raises and the
    transaction writes nothing."""
    scale = SCALES[scale_name]
    orgs = dict(OrgUnit.objects.values_list("code", "id"))
    goals = dict(Goal.objects.values_list("code", "id"))
    names = ("code", "fiscal_year", "title_th", "title_en", "org_id", "goal_id", "budget_source", "kind",
             "allocated", "extra")
    count = fast.copy(Project, names, track(
        (p["code"], p["fiscal_year"], p["title_th"], p["title_en"], orgs[str(p["org"])], goals[str(p["goal"])], "",
         p["kind"], p["allocated"], "{}")
        for p, _ in projects(scale, seed, fraction)))
    ids = dict(Project.objects.filter(fiscal_year=FISCAL_YEAR).values_list("code", "id"))
    periods = {code: parse_period(code) for code in (f"{FISCAL_YEAR}-M{m:02d}" for m in range(1, 13))}

    def checked() -> Iterator[tuple[Any, ...]]:
        for project, rows in projects(scale, seed, fraction):
            progress = [ProgressRow(periods[str(r["period"])], float(r["disbursed"]),  # type: ignore[arg-type]
                                    r["progress"], r["status"]) for r in rows]  # type: ignore[arg-type]
            problems = check_progress(FISCAL_YEAR, float(project["allocated"]), progress)  # type: ignore[arg-type]
            if problems:
                raise ValueError(f"synthetic project {project['code']}: {problems}")
            for r in rows:
                yield (ids[str(project["code"])], r["period"], r["disbursed"], None, r["progress"], r["status"], "",
                       "", "{}")

    names = ("project_id", "period", "disbursed", "committed", "progress", "status", "problems", "suggestions",
             "extra")
    return count, fast.copy(ProjectProgress, names, track(checked()))

"""`govkpi budget` from each project's counted rows added up (`core.budget.lines_report`, what the service's one
query feeds) is the contract's computation row by row: checked against a plain transcription of planning.md
("govkpi budget") on random years — fractions of a baht, cancellations, projects without goal, kinds with and
without a target row, zero allocations, months and quarters — and, on PostgreSQL and SQLite, the service on the
synthetic year with a cancellation."""

from __future__ import annotations

import math
import random

import pytest

from govkpi.core.budget import CANCELLED, Line, ProgressRow, Project, budget_report, lines_report, summarise
from govkpi.core.periods import Period, parse_period

MONTHS = [parse_period(f"2565-M{month:02d}") for month in range(1, 13)]
QUARTERS = [parse_period(f"2565-Q{quarter}") for quarter in range(1, 5)]


def contract(projects: list[Project], shares: dict[tuple[str, str], float], as_of: Period | None) -> dict:
    """planning.md, "govkpi budget", read literally: every sum a `math.fsum` over the lines in code order."""
    def counted(project: Project) -> list[ProgressRow]:
        rows = [row for row in project.progress if as_of is not None and row.period.end <= as_of.end]
        return sorted(rows, key=lambda row: row.period.end)

    lines = []
    for project in sorted(projects, key=lambda p: p.code):
        rows = counted(project)
        disbursed = math.fsum(row.disbursed for row in rows)
        rate = disbursed / project.allocated if project.allocated else None
        target = None
        if as_of is not None:
            target = shares.get((as_of.code, project.kind or ""), shares.get((as_of.code, "")))
        lines.append({"code": project.code, "goal": project.goal, "org": project.org, "allocated": project.allocated,
                      "disbursed": disbursed, "rate": rate, "target_rate": target,
                      "behind": rate is not None and target is not None and rate < target,
                      "progress": rows[-1].progress if rows else None, "status": rows[-1].status if rows else None})

    def totals(group: list[dict]) -> dict:
        kept = [line for line in group if line["status"] != CANCELLED]
        allocated = math.fsum(line["allocated"] for line in kept)
        disbursed = math.fsum(line["disbursed"] for line in kept)
        targeted = [line for line in kept if line["target_rate"] is not None]
        weight = math.fsum(line["allocated"] for line in targeted)
        target = (math.fsum(line["allocated"] * line["target_rate"] for line in targeted) / weight
                  if targeted and weight else None)
        rate = disbursed / allocated if allocated else None
        return {"projects": len(kept), "allocated": allocated, "disbursed": disbursed, "rate": rate,
                "target_rate": target, "behind": rate is not None and target is not None and rate < target}

    def groups(key: str) -> list[dict]:
        codes = sorted({line[key] for line in lines if line["status"] != CANCELLED},
                       key=lambda code: (code is None, code or ""))
        return [{key: code, **totals([line for line in lines if line[key] == code])} for code in codes]

    return {"fiscal_year": 2565, "as_of": as_of.code if as_of else None, "totals": totals(lines),
            "goals": groups("goal"), "orgs": groups("org"), "projects": lines}


def random_year(seed: int) -> tuple[list[Project], dict[tuple[str, str], float]]:
    rng = random.Random(seed)
    projects = []
    for number in range(rng.randint(0, 60)):
        allocated = rng.choice([0.0, round(rng.uniform(1, 5e6), 2), float(rng.randint(1, 9) * 100_000)])
        periods = rng.choice([MONTHS, QUARTERS, [*QUARTERS[:2], *MONTHS[6:]]])
        rows = [ProgressRow(period, round(rng.uniform(0, allocated / 8), 2), rng.choice([None, rng.uniform(0, 100)]),
                            rng.choice([None, "on_track", "delayed", CANCELLED]))
                for period in periods[:rng.randint(0, len(periods))]]
        rng.shuffle(rows)  # the core orders them by period end
        projects.append(Project(f"P{rng.randint(0, 10 ** 6):07d}-{number}", rng.choice(["54", "5401", "5402", "55"]),
                                allocated, rng.choice([None, "G01", "G02", "G03"]),
                                rng.choice([None, "investment", "operating"]), tuple(rows)))
    shares = {(quarter.code, kind): share for quarter, share in zip(QUARTERS, (0.3, 0.55, 0.77, 1.0), strict=True)
              for kind in rng.sample(["", "investment"], rng.randint(0, 2))}
    return projects, shares


@pytest.mark.parametrize("seed", range(40))
def test_the_core_is_the_contract_row_by_row(seed):
    projects, shares = random_year(seed)
    for as_of in (None, *QUARTERS):
        assert budget_report(2565, projects, shares, as_of) == contract(projects, shares, as_of or _default(projects))


def _default(projects: list[Project]) -> Period | None:
    ends = [row.period.end for project in projects for row in project.progress]
    reached = [quarter for quarter in QUARTERS if ends and quarter.end <= max(ends)]
    return reached[-1] if reached else None


@pytest.mark.parametrize("seed", range(10))
def test_the_order_of_the_lines_changes_nothing(seed):
    """The service's query returns the lines in no particular order: the report is the same, to the last bit."""
    projects, shares = random_year(seed)
    lines: list[Line] = [summarise(project, QUARTERS[2]) for project in projects]
    expected = lines_report(2565, lines, shares, QUARTERS[2])
    random.Random(seed).shuffle(lines)
    assert lines_report(2565, lines, shares, QUARTERS[2]) == expected


def test_a_line_is_the_projects_counted_rows_added_up():
    project = Project("P1", "54", 1000.0, "G01", "investment", (
        ProgressRow(MONTHS[7], 30.5, 40.0, "delayed"), ProgressRow(QUARTERS[0], 100.25, 10.0, "on_track"),
        ProgressRow(MONTHS[4], 20.0)))
    assert summarise(project, QUARTERS[1]) == ("P1", "54", 1000.0, "G01", "investment", 120.25, None, None)
    assert summarise(project, QUARTERS[2]) == ("P1", "54", 1000.0, "G01", "investment", 150.75, 40.0, "delayed")
    assert summarise(project, None) == ("P1", "54", 1000.0, "G01", "investment", 0.0, None, None)


@pytest.mark.django_db(transaction=True)
def test_the_synthetic_year_with_cancelled_projects_is_the_same():
    """Not in test_budget_in_sql.py: a transactional test cannot flush while that module's demo fixture is open."""
    from govkpi.strategy.models import Project as ProjectModel
    from govkpi.strategy.models import ProjectProgress
    from govkpi.strategy.services import budget
    from govkpi.synth.actions import load_synthetic
    from tests.strategy.test_budget_in_sql import row_by_row

    load_synthetic("small", seed=4, fraction=0.5)
    assert ProjectModel.objects.count() > 100
    last = ProjectProgress.objects.filter(period="2565-M07").order_by("project__code").first()
    ProjectProgress.objects.filter(project=last.project, period__gt="2565-M07").delete()
    ProjectProgress.objects.filter(pk=last.pk).update(status="cancelled")  # cancelled in July
    report = budget(2565)
    assert any(p["status"] == "cancelled" for p in report["projects"])
    assert report == row_by_row(2565)
    assert report == row_by_row(2565, "2565-Q4")
    assert budget(2565, "2565-Q2") == row_by_row(2565, "2565-Q2")

"""govkpi.core.budget: the `govkpi budget` figures and the rules of reported progress, on hand-computed cases."""

from __future__ import annotations

import pytest

from govkpi.core.budget import (
    CANCELLED,
    ProgressRow,
    Project,
    budget_report,
    check_progress,
    check_shares,
    default_as_of,
)
from govkpi.core.periods import parse_period
from govkpi.strategy.choices import ProjectStatus


def row(period: str, disbursed: float, progress: float | None = None, status: str | None = None) -> ProgressRow:
    return ProgressRow(parse_period(period), disbursed, progress, status)


SHARES = {("2565-Q2", ""): 0.5, ("2565-Q2", "investment"): 0.4, ("2565-Q3", ""): 0.75}


def test_cancelled_is_the_choice_value() -> None:
    assert CANCELLED == ProjectStatus.CANCELLED


def test_as_of_defaults_to_the_latest_quarter_ended_by_the_latest_period_reported() -> None:
    projects = [Project("P1", "54", 100, progress=(row("2565-Q1", 1), row("2565-M08", 1)))]
    assert default_as_of(2565, projects) == parse_period("2565-Q2")  # M08 is May: Q2 ended in March
    projects = [Project("P1", "54", 100, progress=(row("2565-M09", 1),))]
    assert default_as_of(2565, projects) == parse_period("2565-Q3")  # M09 (June) ends Q3
    assert default_as_of(2565, [Project("P1", "54", 100, progress=(row("2565-M02", 1),))]) is None
    assert default_as_of(2565, [Project("P1", "54", 100)]) is None


def test_months_and_quarters_count_by_period_end() -> None:
    project = Project("P1", "54", 1000, goal="G01", progress=(
        row("2565-M01", 100), row("2565-Q2", 200, 40, "on_track"), row("2565-M07", 50), row("2565-M08", 25)))
    report = budget_report(2565, [project], SHARES, as_of=parse_period("2565-Q3"))
    line = report["projects"][0]
    assert line["disbursed"] == 375  # M01 + Q2 + M07 + M08 (all end by June 30)
    assert line["rate"] == 0.375
    assert line["target_rate"] == 0.75
    assert line["behind"] is True
    assert line["progress"] is None and line["status"] is None  # the latest counted row (M08) has none
    early = budget_report(2565, [project], SHARES, as_of=parse_period("2565-Q1"))["projects"][0]
    assert early["disbursed"] == 100 and early["target_rate"] is None and early["behind"] is False


def test_kind_specific_target_row_wins_over_the_empty_kind() -> None:
    projects = [Project("P1", "54", 1000, kind="investment", progress=(row("2565-Q2", 450),)),
                Project("P2", "54", 3000, kind="operating", progress=(row("2565-Q2", 1200),))]
    report = budget_report(2565, projects, SHARES)
    assert report["as_of"] == "2565-Q2"
    one, two = report["projects"]
    assert (one["target_rate"], one["behind"]) == (0.4, False)  # 0.45 ≥ 0.4
    assert (two["target_rate"], two["behind"]) == (0.5, True)  # no operating row: the empty kind's 0.5; 0.4 < 0.5
    totals = report["totals"]
    assert totals["projects"] == 2 and totals["allocated"] == 4000 and totals["disbursed"] == 1650
    assert totals["rate"] == pytest.approx(0.4125)
    assert totals["target_rate"] == pytest.approx((1000 * 0.4 + 3000 * 0.5) / 4000)  # 0.475
    assert totals["behind"] is True


def test_cancelled_projects_are_listed_but_out_of_totals() -> None:
    projects = [Project("P1", "54", 1000, goal="G01", progress=(row("2565-Q1", 300, 30, "on_track"),)),
                Project("P2", "5401", 500, goal="G02", progress=(row("2565-Q1", 0, 0, "cancelled"),))]
    report = budget_report(2565, projects, {})
    assert [line["code"] for line in report["projects"]] == ["P1", "P2"]
    assert report["projects"][1]["status"] == "cancelled"
    assert report["totals"] == {"projects": 1, "allocated": 1000, "disbursed": 300, "rate": 0.3,
                                "target_rate": None, "behind": False}
    assert [group["goal"] for group in report["goals"]] == ["G01"]
    assert [group["org"] for group in report["orgs"]] == ["54"]


def test_nulls_zero_allocation_and_no_targets() -> None:
    report = budget_report(2565, [Project("P1", "54", 0, progress=(row("2565-Q1", 0),))], {("2565-Q1", ""): 0.2})
    line = report["projects"][0]
    assert line["rate"] is None and line["target_rate"] == 0.2 and line["behind"] is False
    assert report["totals"]["rate"] is None and report["totals"]["target_rate"] is None  # weight 0: no mean
    empty = budget_report(2565, [], {})
    assert empty["as_of"] is None and empty["totals"]["projects"] == 0 and empty["totals"]["rate"] is None


def test_progress_rules() -> None:
    rows = [row("2565-Q1", 10, 20), row("2565-M02", 5), row("2566-Q1", 1), row("2565-H2", 1),
            row("2565-Q3", -1, 150), row("2565-Q4", 10, 10)]
    codes = [(code, index) for code, index, _, _ in check_progress(2565, 100, rows)]
    assert ("progress_overlap", 1) in codes  # M02 lies within Q1
    assert ("progress_outside_year", 2) in codes
    assert ("progress_period_kind", 3) in codes
    assert ("negative_money", 4) in codes and ("progress_range", 4) in codes
    assert ("progress_decreasing", 5) in codes  # 10 after 20 (the out-of-range 150 is not a reference)
    assert check_progress(2565, 100, [row("2565-Q1", 10, 10), row("2565-Q2", 90, 10)]) == []


def test_total_disbursed_above_allocation_is_said_at_the_row_that_passes_it() -> None:
    found = check_progress(2565, 100, [row("2565-Q3", 30), row("2565-Q1", 60), row("2565-Q2", 20)])
    assert [(code, index) for code, index, _, _ in found] == [("over_allocated", 0)]  # 60 + 20 + 30 > 100 at Q3


def test_share_rules() -> None:
    q = parse_period
    assert check_shares([(q("2565-Q1"), 0.2), (q("2565-Q2"), 0.5)]) == []
    found = check_shares([(q("2565-Q2"), 0.3), (q("2565-Q1"), 0.4), (q("2565-M01"), 0.1), (q("2565-Q4"), 1.2)])
    assert [(code, index) for code, index, _, _ in found] == [
        ("share_period", 2), ("share_range", 3), ("share_decreasing", 0)]

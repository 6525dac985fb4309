"""govkpi.core.plan_progress: which target applies, met by direction, and the status toward the end-year target."""

from __future__ import annotations

from govkpi.core.plan_progress import TargetRow, indicator_progress, met, pick_targets


def test_an_organisations_row_wins_over_the_all_organisations_row() -> None:
    rows = [TargetRow("A", 2566, 10), TargetRow("A", 2566, 12, "5401"), TargetRow("A", 2567, 11),
            TargetRow("A", 2571, 99), TargetRow("B", 2566, 5, "5402")]
    assert pick_targets(rows, "5401", 2566, 2570) == {"A": {2566: 12, 2567: 11}}
    assert pick_targets(rows, "54", 2566, 2570) == {"A": {2566: 10, 2567: 11}}
    assert pick_targets(rows, "5402", 2566, 2570) == {"A": {2566: 10, 2567: 11}, "B": {2566: 5}}


def test_met_follows_the_direction_and_is_null_without_both_values() -> None:
    assert met(10, 10, "higher_is_better") is True and met(9, 10, "higher_is_better") is False
    assert met(9, 10, "lower_is_better") is True and met(11, 10, "lower_is_better") is False
    assert met(None, 10, "lower_is_better") is None and met(3, None, "higher_is_better") is None


def test_status_toward_the_end_year_target() -> None:
    targets = {2566: 10, 2567: 20, 2570: 50}
    line = indicator_progress("A", "higher_is_better", targets, {2566: 10, 2567: 20}, 2570)
    assert line["years"] == [
        {"fiscal_year": 2566, "target": 10, "actual": 10, "met": True},
        {"fiscal_year": 2567, "target": 20, "actual": 20, "met": True},
        {"fiscal_year": 2570, "target": 50, "actual": None, "met": None},
    ]
    # 10 → 20 in one year is growth 100 %; 10 → 50 in four years needs (5^(1/4) − 1) ≈ 49.5 % a year
    assert line["status"] == "substantial_progress"
    assert indicator_progress("A", "higher_is_better", targets, {2566: 10}, 2570)["status"] is None
    assert indicator_progress("A", "higher_is_better", {2566: 10}, {2566: 1, 2567: 2}, 2570)["status"] is None


def test_lower_is_better_status() -> None:
    line = indicator_progress("D", "lower_is_better", {2566: 20, 2570: 10}, {2566: 20, 2567: 22}, 2570)
    assert line["status"] == "deterioration"
    assert line["years"][0]["met"] is True
    done = indicator_progress("D", "lower_is_better", {2566: 20, 2570: 10}, {2566: 20, 2568: 9}, 2570)
    assert done["status"] == "target_achieved"

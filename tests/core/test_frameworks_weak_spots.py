"""Weak spots: the mean of each component and indicator on the framework's scale, and who is below the pass mark."""

import pytest

from govkpi.core.framework_results import summary, weak_spots
from govkpi.core.frameworks import load_framework

ITA = load_framework("ita", 2565)


def test_components_and_indicators_are_averaged_and_the_weakest_comes_first():
    results = {
        "a": {"IIT": 27.0, "EIT": 29.7, "OIT": 40.0},  # IIT 90 %, EIT 99 %, OIT 100 %
        "b": {"IIT": 24.0, "EIT": 29.1, "OIT": 32.0},  # IIT 80 %, EIT 97 %, OIT 80 %
    }
    spots = {spot.code: spot for spot in weak_spots(ITA, results)}
    assert spots["IIT"].mean == pytest.approx(85.0)
    assert spots["IIT"].below == ("b",)
    assert spots["OIT"].mean == pytest.approx(90.0)
    assert spots["EIT"].below == ()
    assert weak_spots(ITA, results)[0].code == "IIT"


def test_indicators_appear_only_where_they_were_given():
    spots = weak_spots(ITA, {"a": {"9": 70.0, "10": 100.0}, "b": {"IIT": 30.0}})
    codes = {spot.code: spot for spot in spots}
    assert codes["9"].mean == pytest.approx(70.0) and codes["9"].below == ("a",)
    assert codes["OIT"].mean == pytest.approx(85.0) and codes["OIT"].below == ()
    assert "1" not in codes


def test_the_summary_counts_means_passes_and_levels():
    outcomes = [ITA.evaluate(score, None, None) for score in (99.15, 84.99, 85.0, 60.0)]
    assert summary(outcomes) == {
        "count": 4,
        "mean": 82.28,
        "pass_rate": 0.5,
        "by_level": {"AA": 1, "B": 1, "A": 1, "D": 1},
    }

"""The framework engine on hand-computed cases: totals, band edges, pass mark, flags (govkpi.core.frameworks)."""

import pytest

from govkpi.core.frameworks import Flag, FrameworkError, load_framework

ITA = load_framework("ita", 2565)
TEN = {"1": 99, "2": 98, "3": 97, "4": 96, "5": 95, "6": 90, "7": 85, "8": 80, "9": 100, "10": 90}


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (100, "AA"),
        (95, "AA"),
        (94.99, "A"),
        (85, "A"),
        (84.99, "B"),
        (75, "B"),
        (74.99, "C"),
        (65, "C"),
        (64.99, "D"),
        (55, "D"),
        (54.99, "E"),
        (50, "E"),
        (49.99, "F"),
        (0, "F"),
    ],
)
def test_a_score_on_a_band_edge_belongs_to_the_higher_band(score, level):
    assert ITA.level_for(score) == level


@pytest.mark.parametrize(("score", "passed"), [(84.99, False), (85, True), (94.99, True), (95, True)])
def test_the_pass_mark_is_85_inclusive(score, passed):
    assert ITA.passed(score) is passed


def test_the_total_from_tool_points_is_their_sum():
    # 0.3 × 99.5 + 0.3 × 97.6667 + 0.4 × 100 = 29.85 + 29.3 + 40
    assert ITA.total_of({"IIT": 29.85, "EIT": 29.3, "OIT": 40}) == pytest.approx(99.15, abs=1e-9)


def test_the_total_from_ten_indicators_weights_the_mean_of_each_tool():
    # IIT mean 97 → 29.1; EIT mean 85 → 25.5; OIT mean 95 → 38: total 92.6
    assert ITA.total_of(TEN) == pytest.approx(92.6, abs=1e-9)


def test_indicators_take_precedence_over_the_points_of_their_tool():
    assert ITA.total_of({**TEN, "IIT": 1.0}) == pytest.approx(92.6, abs=1e-9)


def test_a_missing_component_leaves_the_total_to_the_published_score():
    outcome = ITA.evaluate(88.0, None, {"IIT": 29.85, "EIT": 29.3})
    assert (outcome.score, outcome.computed_score, outcome.level, outcome.passed) == (88.0, None, "A", True)


def test_a_published_score_within_a_hundredth_is_not_flagged():
    assert ITA.evaluate(92.61, None, TEN).flags == ()


def test_a_published_score_and_level_that_disagree_are_kept_and_flagged():
    outcome = ITA.evaluate(95.2, "AA", TEN)
    assert outcome.score == pytest.approx(92.6)
    assert outcome.level == "A"
    assert outcome.flags == (Flag("score", 95.2, 92.6), Flag("level", "AA", "A"))


def test_a_level_is_matched_by_name_or_alias_case_insensitively():
    gecc = load_framework("gecc", 2565)
    assert gecc.canonical_level("ก้าวหน้า") == "ระดับก้าวหน้า"
    assert gecc.canonical_level(" Advanced ") == "ระดับก้าวหน้า"


def test_a_framework_without_bands_keeps_the_published_level():
    moral = load_framework("moral", 2565)
    outcome = moral.evaluate(None, "คุณธรรม", {f"A{i}": 2 for i in range(1, 10)})
    assert (outcome.score, outcome.level, outcome.passed, outcome.flags) == (18, "คุณธรรม", None, ())


def test_a_sum_framework_adds_its_components():
    pmqa = load_framework("pmqa", 2565)
    points = {"1": 420, "2": 335, "3": 310, "4": 300, "5": 305, "6": 290, "7": 280}
    assert pmqa.total_of(points) == 2240


def test_an_unknown_level_is_an_error():
    with pytest.raises(FrameworkError) as caught:
        ITA.evaluate(90, "AAA", None)
    assert caught.value.code == "unknown_level"
    assert caught.value.params["allowed"] == "AA, A, B, C, D, E, F"


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"IIT": 30.01}, "out_of_range"),
        ({"1": -1}, "out_of_range"),
        ({"OIT": "40"}, "out_of_range"),
        ({"11": 50}, "unknown_component"),
    ],
)
def test_components_outside_the_configuration_are_errors(values, code):
    with pytest.raises(FrameworkError) as caught:
        ITA.check_components(values)
    assert caught.value.code == code


def test_components_on_their_range_edges_are_accepted():
    ITA.check_components({"IIT": 0, "EIT": 30, "1": 0, "10": 100})

"""The data quality rules: modified z-scores on known values, the MAD = 0 fallback, too few values, peer and
own-history outliers, reporting rates — and properties that hold for any values (Hypothesis)."""

import math
import sys
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govkpi.core.quality import (
    MEAN_AD_FACTOR,
    history_outlier,
    is_outlier,
    lowest_first,
    modified_z,
    peer_outliers,
    reporting_rate,
    spread,
)


def test_the_modified_z_score_of_known_values():
    values = [1, 2, 3, 4, 100]  # median 3, absolute deviations 2 1 0 1 97, MAD 1
    assert modified_z(100, values) == pytest.approx(0.6745 * 97)
    assert modified_z(1, values) == pytest.approx(-0.6745 * 2)
    assert modified_z(3, values) == 0
    assert is_outlier(modified_z(100, values)) and not is_outlier(modified_z(1, values))


def test_a_textbook_example():
    # Iglewicz & Hoaglin's rule on a small sample: median 5, MAD 1, z(12) = 0.6745 · 7 = 4.72 > 3.5
    values = [4, 5, 5, 6, 4, 6, 5, 12]
    assert modified_z(12, values) == pytest.approx(4.7215)
    assert is_outlier(modified_z(12, values))
    assert not is_outlier(modified_z(6, values))


def test_a_zero_mad_falls_back_to_the_mean_absolute_deviation():
    values = [10, 10, 10, 10, 20]  # MAD 0; mean absolute deviation 2
    found = spread(values)
    assert found.scale == pytest.approx(MEAN_AD_FACTOR * 2)
    assert modified_z(20, values) == pytest.approx(10 / (1.253314 * 2))  # 3.99: unusual
    assert is_outlier(modified_z(20, values))


def test_equal_values_are_never_unusual():
    assert modified_z(7, [7, 7, 7, 7, 7]) == 0
    assert peer_outliers({k: 0.0 for k in "abcdef"}) == []


def test_extreme_values_stay_finite():
    assert modified_z(5e-324, [0.0, 0.0, 0.0, 0.0, 5e-324]) == 0  # a spread below float precision is none
    assert modified_z(1e308, [-1e308, 1e-300, 0.0, 2e-300, 1e-300, 1e308]) == pytest.approx(sys.float_info.max)


def test_too_few_values_give_no_verdict():
    assert modified_z(100, [1, 2, 100]) is None
    assert peer_outliers({"a": 1, "b": 2, "c": 1000}) == []
    assert history_outlier(1000, [1, 2, 3]) is None
    assert not is_outlier(None)


def test_missing_and_non_finite_values_are_left_out():
    values = [1, 2, None, 3, math.nan, 4, math.inf, 100]
    assert spread(values).count == 5
    assert modified_z(math.nan, values) is None
    assert modified_z(-math.inf, values) is None


def test_peer_outliers_most_unusual_first_with_negative_values():
    peers = {"5401": -50.0, "5402": 1.0, "5403": 2.0, "5404": 3.0, "5405": 4.0, "5406": 200.0, "5407": None}
    found = peer_outliers(peers)
    assert [o.key for o in found] == ["5406", "5401"]
    assert found[0].z > 3.5 and found[1].z < -3.5
    assert found[0].median == 2.5 and found[0].count == 6


def test_own_history():
    assert history_outlier(95, [50, 52, 49, 51, 50]) is not None
    z, centre, count = history_outlier(95, [50, 52, 49, 51, 50])
    assert centre == 50 and count == 5 and z > 3.5
    assert history_outlier(51, [50, 52, 49, 51, 50]) is None
    assert history_outlier(None, [50, 52, 49, 51, 50]) is None


def test_reporting_rates():
    assert reporting_rate(3, 4) == 0.75
    assert reporting_rate(0, 4) == 0
    assert reporting_rate(5, 4) == 1  # more than expected (a late duty removed) is complete, not 125 %
    assert reporting_rate(-1, 4) == 0
    assert reporting_rate(0, 0) is None
    rates = [Rated("a", 1.0), Rated("b", None), Rated("c", 0.25), Rated("d", 0.5), Rated("e", 0.25)]
    assert [r.key for r in lowest_first(rates)] == ["c", "e", "d", "a", "b"]  # nothing expected last; ties kept


class Rated(NamedTuple):
    key: str
    rate: float | None


numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
samples = st.lists(numbers, min_size=5, max_size=40)


@given(samples, numbers)
def test_a_z_score_is_finite_whenever_it_exists(values, value):
    z = modified_z(value, values)
    assert z is not None and math.isfinite(z)


@given(samples, st.floats(min_value=-1e3, max_value=1e3), st.floats(min_value=0.01, max_value=100))
def test_the_verdict_does_not_depend_on_the_unit_or_the_origin(values, shift, factor):
    values = [round(v / 1e3, 3) for v in values]  # moderate magnitudes: the comparison is not about rounding
    moved = [v * factor + shift for v in values]
    for original, changed in zip(values, moved, strict=True):
        z1, z2 = modified_z(original, values), modified_z(changed, moved)
        assert z1 == pytest.approx(z2, rel=1e-6, abs=1e-6)


@given(samples)
def test_mirroring_the_values_mirrors_the_scores(values):
    mirrored = [-v for v in values]
    for value in values:
        assert modified_z(-value, mirrored) == pytest.approx(-modified_z(value, values), rel=1e-9, abs=1e-9)


@given(samples)
def test_the_median_is_never_an_outlier(values):
    found = spread(values)
    assert found.z(found.median) == 0
    assert all(outlier.value != found.median for outlier in peer_outliers(dict(enumerate(values))))


@given(st.integers(-5, 100), st.integers(-5, 100))
def test_a_rate_is_between_0_and_1_or_none(reported, expected):
    rate = reporting_rate(reported, expected)
    assert rate is None if expected <= 0 else 0 <= rate <= 1

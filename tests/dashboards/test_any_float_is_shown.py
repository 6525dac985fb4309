"""Numbers on the pages: whatever float the database holds (1e29, 1e308, infinity, NaN: rows written by SQL), the
filters and charts show it instead of failing; the numbers the rules accept look as they always did."""

import math

import pytest

from govkpi.dashboards.charts import chart, figure
from govkpi.dashboards.numbers import show_number
from govkpi.dashboards.templatetags.thai_format import count, percent, score, signed
from govkpi.dashboards.templatetags.thai_format import figure as figure_filter

ODD = (1e26, 1e29, -1e29, 1e308, math.inf, -math.inf, math.nan, 1e-320, "x", True)


@pytest.mark.parametrize("value", ODD)
def test_every_filter_shows_any_value(value):
    for shown in (score(value), percent(value), count(value), figure_filter(value), signed(value),
                  figure(value, "thai"), show_number(value, 2, digits="thai")):
        assert isinstance(shown, str) and shown


def test_what_each_odd_value_looks_like():
    assert score(1e29) == "1.00E+29" and figure_filter(1e29) == "1E+29" and count(1e308) == "1E+308"
    assert show_number(-1e29, 2, digits="thai") == "-๑.๐๐E+๒๙"
    assert score(math.inf) == "∞" and score(-math.inf) == "-∞" and percent(math.inf) == "∞%"
    assert score(math.nan) == "–" and percent(math.nan) == "–" and signed(math.nan) == "–"
    assert score(None) == "–" and figure_filter("x") == "–"


def test_the_numbers_the_rules_accept_look_as_before():
    assert score(3.125) == "3.13" and figure_filter(12.0) == "12" and figure_filter(2.345) == "2.35"
    assert percent(0.92) == "92%" and count(71.0) == "71" and signed(0.5) == "+0.50"
    assert show_number(1e15, 0) == "1,000,000,000,000,000"  # the largest a rule accepts, still in full
    assert show_number(1234.5, 2, digits="thai") == "๑,๒๓๔.๕๐"


def test_chart_data_is_json_a_browser_reads():
    made = chart("c", "t", ["a", "b", "c"], [1.0, math.inf, 1e29], "u", "arabic", target=math.nan)
    assert made["data"]["values"] == [1.0, None, 1e29] and made["data"]["target"] is None
    assert [value for _label, value in made["rows"]] == ["1", "∞", "1E+29"]

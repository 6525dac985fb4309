"""Where an organisation's value comes from (scoring.md §1) and which criteria score it (§2)."""

import pytest

from govkpi.scorecards.services import score_all, score_org

from .builders import make_criterion, make_goal, make_indicator, make_orgs, make_result

pytestmark = pytest.mark.django_db


def _row(card, code):
    return next(row for row in card["indicators"] if row["code"] == code)


def test_the_province_uses_its_own_results_when_it_has_them(phrae):
    row = _row(score_org(2565, phrae.orgs["54"]), "G01-1")
    assert (row["value"], row["score"], row["source"]) == (85, 3.5, "own")


def test_own_results_win_over_the_children(phrae):
    make_result(phrae.indicators["G01-1"], phrae.orgs["5401"], "2565", 50)
    assert _row(score_org(2565, phrae.orgs["54"]), "G01-1")["value"] == 85


def test_without_own_results_the_value_rolls_up_from_children_recursively(phrae):
    card = score_org(2565, phrae.orgs["54"])
    deaths = _row(card, "G02-1")
    assert (deaths["value"], deaths["source"]) == (12, "children")
    assert deaths["score"] == pytest.approx(2.6)
    district = _row(score_org(2565, phrae.orgs["5401"]), "G02-1")
    assert (district["value"], district["source"]) == (4, "children")


def test_ratio_rolls_up_from_numerators_and_denominators_not_from_percentages(phrae):
    make_result(phrae.indicators["G01-2"], phrae.orgs["540101"], "2565-Q1", numerator=1, denominator=20)
    card = score_org(2565, phrae.orgs["54"])
    # 5401 has its own H1 result, so its subdistrict is ignored: 75/100.
    assert _row(card, "G01-2")["value"] == pytest.approx(75.0)
    phrae.orgs["5401"].results.all().delete()
    card = score_org(2565, phrae.orgs["54"])
    # 1/20 (5 %) beside 45/60 (75 %): the ratio of sums is 57.5 %, the mean of percentages would be 40 %.
    assert _row(card, "G01-2")["value"] == pytest.approx(46 / 80 * 100)


def test_mean_roll_up_skips_children_without_a_value(phrae):
    mean = phrae.indicators["G01-1"]
    phrae.orgs["54"].results.all().delete()
    make_result(mean, phrae.orgs["5402"], "2565-Q1", 70)
    make_result(mean, phrae.orgs["540101"], "2565-Q1", 90)
    row = _row(score_org(2565, phrae.orgs["54"]), "G01-1")
    # mean of 90 (5401, from its subdistrict) and 70 (5402); 5403 has no value and is skipped
    assert (row["value"], row["source"]) == (80, "children")


def test_a_whole_year_result_takes_precedence_over_quarters(phrae):
    make_result(phrae.indicators["G01-1"], phrae.orgs["54"], "2565", 100)
    row = _row(score_org(2565, phrae.orgs["54"]), "G01-1")
    assert (row["value"], row["score"]) == (100, 5)


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_only_approved_results_count(phrae, status):
    mean = phrae.indicators["G01-1"]
    mean.results.filter(period="2565-Q2").update(status=status)
    make_result(mean, phrae.orgs["5401"], "2565-Q3", 10, status=status)
    assert _row(score_org(2565, phrae.orgs["54"]), "G01-1")["value"] == 80


def test_an_organisation_without_approved_results_has_no_data(phrae):
    phrae.indicators["G01-1"].results.update(status="submitted")
    row = _row(score_org(2565, phrae.orgs["54"]), "G01-1")
    assert (row["value"], row["score"], row["status"], row["source"]) == (None, None, "no_data", None)


def test_criteria_for_an_organisation_override_those_for_all(phrae):
    mean = phrae.indicators["G01-1"]
    make_criterion(2565, mean, org=phrae.orgs["5401"], weight=9, levels=(10, 20, 30, 40, 50))
    make_result(mean, phrae.orgs["5401"], "2565", 45)
    district = _row(score_org(2565, phrae.orgs["5401"]), "G01-1")
    assert (district["weight"], district["score"], district["criteria"]) == (9, 4.5, "org")
    other = _row(score_org(2565, phrae.orgs["5402"]), "G01-1")
    assert (other["weight"], other["criteria"]) == (5, "all")
    # The district's own criteria do not change the province's value or score.
    province = _row(score_org(2565, phrae.orgs["54"]), "G01-1")
    assert (province["weight"], province["value"], province["score"]) == (5, 85, 3.5)


def test_the_scorecard_is_the_indicators_with_criteria_that_year(phrae):
    extra = make_indicator("G02-9", phrae.goals["G02"])
    make_criterion(2566, extra)
    codes = [row["code"] for row in score_org(2565, phrae.orgs["54"])["indicators"]]
    assert codes == ["G01-1", "G01-2", "G02-1"]
    assert [row["code"] for row in score_org(2566, phrae.orgs["54"])["indicators"]] == ["G02-9"]


def test_results_of_another_year_do_not_count(phrae):
    make_criterion(2566, phrae.indicators["G01-1"])
    card = score_org(2566, phrae.orgs["54"])
    assert card["overall"] == {"score": None, "coverage": 0.0, "status": "no_data"}


def test_score_all_lists_organisations_with_a_value_in_tree_order(phrae):
    lonely = make_orgs(("99", None, "หน่วยอื่น"))["99"]
    assert lonely  # a second root without values is left out
    cards = score_all(2565)
    assert [card["org"] for card in cards] == ["54", "5401", "540101", "5402"]
    by_org = {card["org"]: card for card in cards}
    assert by_org["54"] == score_org(2565, phrae.orgs["54"])
    assert _row(by_org["540101"], "G02-1")["value"] == 4


def test_deep_trees_roll_up_through_every_level(db):
    orgs = make_orgs(("1", None, "ราก"), ("1001", "1", "ก"), ("100101", "1001", "ข"), ("10010101", "100101", "ค"))
    goal = make_goal("G01")
    counts = make_indicator("G01-1", goal, aggregation="last", unit="ราย")
    make_criterion(2565, counts, levels=(1, 2, 3, 4, 5))
    make_result(counts, orgs["10010101"], "2565-Q1", 1)
    make_result(counts, orgs["10010101"], "2565-Q3", 3)  # last → 3
    card = score_org(2565, orgs["1"])
    assert (card["indicators"][0]["value"], card["indicators"][0]["source"]) == (3, "children")

"""The scorecard object is the scoring.md §7 contract, with unrounded numbers."""

import pytest

from govkpi.scorecards.services import score_org

pytestmark = pytest.mark.django_db


def test_it_has_the_keys_of_the_contract(phrae):
    card = score_org(2565, phrae.orgs["54"])
    assert {"fiscal_year", "org", "policy", "overall", "goals", "indicators"} <= set(card)
    assert (card["fiscal_year"], card["org"]) == (2565, "54")
    assert set(card["policy"]) == {"interpolation", "floor", "missing", "achieved_from", "at_risk_from"}
    assert set(card["overall"]) == {"score", "coverage", "status"}
    for goal in card["goals"]:
        assert {"code", "score", "coverage", "status"} <= set(goal)
    for row in card["indicators"]:
        assert {"code", "goal", "weight", "value", "score", "status", "source"} <= set(row)


def test_the_overall_score_is_a_weighted_mean_of_indicators_unrounded(phrae):
    card = score_org(2565, phrae.orgs["54"])
    expected = (5 * 3.5 + 3 * 2.5 + 2 * 2.6) / 10
    assert card["overall"]["score"] == pytest.approx(expected, abs=1e-12)
    assert (card["overall"]["coverage"], card["overall"]["status"]) == (1.0, "achieved")
    goals = {goal["code"]: goal for goal in card["goals"]}
    assert goals["G01"]["score"] == pytest.approx((5 * 3.5 + 3 * 2.5) / 8)
    assert goals["G02"]["status"] == "at_risk"
    assert [goal["code"] for goal in card["goals"]] == ["G01", "G02"]


def test_it_adds_names_units_targets_and_goal_notes(phrae):
    card = score_org(2565, phrae.orgs["54"])
    first = card["indicators"][0]
    assert (first["name_th"], first["unit"], first["target"]) == ("ตัวชี้วัด G01-1", "ร้อยละ", 80)
    assert first["thresholds"] == [60, 70, 80, 90, 100]
    assert card["goals"][0]["note"] == "Illustrative goals for the demo."
    assert card["goals"][1]["note"] == ""
    assert (card["org_name_th"], card["goals"][0]["title_en"]) == ("จังหวัดแพร่", "A stable economy")

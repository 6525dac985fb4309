"""The national recipe has the country's real admin areas and plausible numbers of everything else."""

from collections import Counter

from govkpi.synth.generate import SCALES, indicators, organisations, structure

LOCAL = {"pao", "city_municipality", "town_municipality", "subdistrict_municipality", "sao"}


def test_it_has_every_province_district_and_subdistrict():
    kinds = Counter(org.kind for org in organisations(SCALES["national"], 1))
    assert (kinds["province"], kinds["district"], kinds["subdistrict"]) == (77, 929, 7451)


def test_local_governments_and_offices_are_in_plausible_numbers():
    kinds = Counter(org.kind for org in organisations(SCALES["national"], 1))
    assert 7_700 <= sum(kinds[kind] for kind in LOCAL) <= 8_000
    assert kinds["pao"] == 76  # Bangkok has none
    assert 2_900 <= kinds["provincial_office"] <= 3_100


def test_every_organisation_but_the_country_has_a_known_parent():
    orgs = organisations(SCALES["national"], 1)
    codes = {org.code for org in orgs}
    assert len(codes) == len(orgs)
    assert [org.code for org in orgs if org.parent is None] == ["TH"]
    assert all(org.parent in codes for org in orgs if org.parent)


def test_it_has_twelve_goals_of_a_hundred_indicators_and_ita_for_about_8300():
    assert len(indicators(SCALES["national"])) == 1200
    assert 8_000 <= len(structure(SCALES["national"], 1)["assessments"]) <= 8_600

"""Synthetic ITA levels follow the year's bands in govkpi/frameworks/ita (AA … F), through the framework engine."""

from govkpi.core.frameworks import load_framework
from govkpi.synth.generate import FISCAL_YEAR, SCALES, structure


def test_every_synthetic_ita_level_is_the_band_of_its_score():
    bands = load_framework("ita", FISCAL_YEAR)
    assessments = structure(SCALES["small"], 7)["assessments"]
    assert assessments
    for row in assessments:
        assert row["level"] == bands.level_for(row["score"]), row
    levels = {row["level"] for row in assessments}
    assert levels & {"D", "E", "F"}, "scores below 65 are not level C"
    assert all(row["level"] != "C" or 65 <= row["score"] < 75 for row in assessments)

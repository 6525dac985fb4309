"""Every shipped framework file parses, cites its source and marks its rules; a new year needs only a file."""

import pytest

from govkpi.core.frameworks import FrameworkError, available, load_framework, parse_framework

SHIPPED = available()


def test_the_four_frameworks_are_shipped():
    assert {code for code, _ in SHIPPED} >= {"ita", "gecc", "pmqa", "moral"}
    assert [year for code, year in SHIPPED if code == "ita"] == [2565, 2566, 2567, 2568]


@pytest.mark.parametrize(("code", "year"), SHIPPED)
def test_each_file_matches_its_path_cites_a_source_and_marks_its_rules(code, year):
    framework = load_framework(code, year)
    assert (framework.code, framework.fiscal_year) == (code, year)
    assert framework.source
    assert framework.confidence and set(framework.confidence.values()) <= {"V", "P", "U"}


@pytest.mark.parametrize("year", [2566, 2567, 2568])
def test_later_ita_years_say_what_changed(year):
    assert load_framework("ita", year).changes


def test_ita_2565_has_ten_indicators_in_three_tools_weighted_30_30_40():
    ita = load_framework("ita", 2565)
    assert [(c.code, c.weight, len(c.indicators)) for c in ita.components] == [
        ("IIT", 30, 5),
        ("EIT", 30, 3),
        ("OIT", 40, 2),
    ]
    assert ita.pass_mark == 85
    assert len(ita.checklist) == 43


def test_gecc_certificates_last_three_years():
    assert load_framework("gecc", 2565).validity_years == 3


def test_an_unknown_framework_or_year_is_an_error():
    for code, year in (("nope", 2565), ("ita", 2560), ("../ita", 2565)):
        with pytest.raises(FrameworkError) as caught:
            load_framework(code, year)
        assert caught.value.code == "unknown_framework"


def test_a_new_framework_is_a_data_file(tmp_path):
    (tmp_path / "lpa").mkdir()
    (tmp_path / "lpa" / "2566.yaml").write_text(
        "code: lpa\nfiscal_year: 2566\nsource: test\ntotal: sum\nscale: {max: 100}\npass_mark: 60\n"
        "components:\n  - {code: a, max: 50}\n  - {code: b, max: 50}\nlevels:\n  - {name: good, from: 60}\n"
        "  - {name: poor, from: 0}\n",
        encoding="utf-8",
    )
    lpa = load_framework("lpa", 2566, root=tmp_path)
    outcome = lpa.evaluate(None, None, {"a": 40, "b": 25})
    assert (outcome.score, outcome.level, outcome.passed) == (65, "good", True)


def test_bands_out_of_order_are_rejected():
    with pytest.raises(ValueError):
        parse_framework(
            {"code": "x", "fiscal_year": 2565, "levels": [{"name": "low", "from": 0}, {"name": "high", "from": 50}]}
        )

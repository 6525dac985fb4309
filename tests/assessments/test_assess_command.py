"""`govkpi assess`: the JSON contract of issue 5, hand-computed, with ties and flags."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def assess(*args: str) -> dict:
    out = io.StringIO()
    call_command("assess", "--framework", "ita", "--fiscal-year", "2565", "--lang", "en", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_has_the_keys_of_the_contract(ita):
    result = assess()
    assert set(result) == {"framework", "fiscal_year", "summary", "organisations"}
    assert (result["framework"], result["fiscal_year"]) == ("ita", 2565)
    assert set(result["summary"]) == {"count", "mean", "pass_rate", "by_level"}
    for row in result["organisations"]:
        assert set(row) == {"org", "score", "level", "passed", "ranks", "published_rank", "published_level", "flags"}


def test_the_province_is_computed_from_its_tools_and_its_national_rank_is_kept(ita):
    row = assess()["organisations"][0]
    assert row == {
        "org": "54",
        "score": 99.15,
        "level": "AA",
        "passed": True,
        "ranks": {"regional_administration": 1},
        "published_rank": 2,
        "published_level": "AA",
        "flags": [],
    }


def test_ten_indicators_give_the_total_and_ties_share_a_rank(ita):
    rows = {row["org"]: row for row in assess()["organisations"]}
    assert (rows["54-PAO"]["score"], rows["54-PAO"]["level"]) == (92.6, "A")
    assert rows["54-PAO"]["ranks"] == {"lao": 1, "pao": 1}
    assert rows["54-SAO-A"]["ranks"] == {"lao": 2, "sao": 1}
    assert rows["54-SAO-B"]["ranks"] == {"lao": 2, "sao": 1}
    assert rows["54-SAO-C"]["ranks"] == {"lao": 4, "sao": 3}


def test_the_band_edge_below_the_pass_mark_fails(ita):
    rows = {row["org"]: row for row in assess()["organisations"]}
    assert (rows["54-SAO-C"]["level"], rows["54-SAO-C"]["passed"]) == ("B", False)


def test_a_published_level_that_disagrees_is_kept_and_flagged_in_words(ita):
    row = {row["org"]: row for row in assess()["organisations"]}["54-SAO-A"]
    assert (row["level"], row["published_level"]) == ("A", "AA")
    assert row["flags"] == ["published level AA differs from the computed A"]


def test_the_summary_counts_every_organisation(ita):
    # mean of 99.15, 92.6, 90, 90, 84.99 = 91.348; 4 of 5 pass
    assert assess()["summary"] == {"count": 5, "mean": 91.35, "pass_rate": 0.8, "by_level": {"AA": 1, "A": 3, "B": 1}}


def test_a_group_limits_the_organisations(ita):
    result = assess("--group", "sao")
    assert [row["org"] for row in result["organisations"]] == ["54-SAO-A", "54-SAO-B", "54-SAO-C"]
    assert result["summary"]["count"] == 3


def test_flags_speak_thai_by_default(ita):
    out = io.StringIO()
    call_command("assess", "--framework", "ita", "--fiscal-year", "2565", stdout=out)
    row = {row["org"]: row for row in json.loads(out.getvalue())["organisations"]}["54-SAO-A"]
    assert row["flags"] and "AA" in row["flags"][0] and "published" not in row["flags"][0]


def test_the_table_format_lists_each_organisation_and_the_summary(ita):
    out = io.StringIO()
    call_command(
        "assess", "--framework", "ita", "--fiscal-year", "2565", "--format", "table", "--lang", "en", stdout=out
    )
    text = out.getvalue()
    assert "54-SAO-C" in text and "84.99" in text
    assert "5 organisations, mean 91.35, pass rate 80.0%" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--framework", "nope", "--fiscal-year", "2565"], "no configuration for framework nope"),
        (["--framework", "ita", "--fiscal-year", "2560"], "no configuration for framework ita in 2560"),
        (["--framework", "ita", "--fiscal-year", "2022"], "Christian-era"),
        (["--framework", "ita", "--fiscal-year", "2565", "--group", "nobody"], "no peer group nobody"),
    ],
)
def test_bad_input_exits_2_with_a_message(db, args, message):
    with pytest.raises(CommandError) as caught:
        call_command("assess", *args, "--lang", "en", stdout=io.StringIO())
    assert caught.value.returncode == 2
    assert message in str(caught.value)

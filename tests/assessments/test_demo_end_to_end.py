"""The Phrae demo: ITA, GECC, PMQA and moral results, ranks and awards on public pages; the 71 flagged."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from govkpi.demo.actions import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    load_demo()


def assess(framework: str) -> dict:
    out = io.StringIO()
    call_command("assess", "--framework", framework, "--fiscal-year", "2565", stdout=out)
    return json.loads(out.getvalue())


def test_the_province_scores_99_15_at_level_aa_and_keeps_its_national_rank_2(demo):
    row = assess("ita")["organisations"][0]
    assert (row["org"], row["score"], row["level"], row["published_rank"], row["flags"]) == ("54", 99.15, "AA", 2, [])


def test_the_seed_names_four_organisations_at_level_aa_and_none_is_flagged(demo):
    result = assess("ita")
    assert {row["org"] for row in result["organisations"] if row["level"] == "AA"} == {
        "54",
        "54-PAO",
        "54-SAO-HUAIO",
        "54-SAO-BANPIN",
    }
    assert all(row["flags"] == [] for row in result["organisations"])
    assert result["summary"]["by_level"] == {"AA": 4, "A": 3, "B": 1}


def test_the_pao_is_the_best_local_government(demo):
    rows = {row["org"]: row for row in assess("ita")["organisations"]}
    assert rows["54-PAO"]["ranks"]["lao"] == 1


def test_every_framework_of_the_demo_has_results(demo):
    counts = {framework: assess(framework)["summary"]["count"] for framework in ("ita", "gecc", "pmqa", "moral")}
    assert counts == {"ita": 8, "gecc": 14, "pmqa": 1, "moral": 14}


def test_claims_check_flags_the_seeds_71_against_72_records(demo):
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("claims", "check", "--fiscal-year", "2565", stdout=out)
    claims = {claim["metric"]: claim for claim in json.loads(out.getvalue())["claims"]}
    assert (claims["awards.total"]["claimed"], claims["awards.total"]["computed"]) == (71, 72)
    assert [m for m, c in claims.items() if c["status"] != "ok"] == ["awards.total"]


@pytest.mark.parametrize("framework", ["ita", "gecc", "pmqa", "moral"])
def test_each_framework_has_a_public_page(client, demo, framework):
    assert client.get(reverse("assessments:framework", args=[framework, 2565])).status_code == 200


def test_the_awards_page_shows_the_mismatch(client, demo):
    text = client.get(reverse("awards:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "published 71, records 72" in text

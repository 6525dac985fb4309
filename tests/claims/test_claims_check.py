"""`govkpi claims check`: every published claim against the value computed from the records."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from govkpi.assessments.models import Assessment
from govkpi.awards.models import Award
from govkpi.claims.models import Claim
from govkpi.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db
SOURCE = "ข่าวประชาสัมพันธ์ ๒๐ ก.ย. ๒๕๖๕"


@pytest.fixture
def records(db):
    province = OrgUnit.objects.create(code="54", name_th="จังหวัดแพร่", kind="province")
    for category, quantity in (("ita", 6), ("gecc", 14), ("pmqa", 1), ("moral", 51)):
        Award.objects.create(
            fiscal_year=2565, category=category, title_th=category, issuer="x", recipient=province, quantity=quantity
        )
    Assessment.objects.create(
        framework="ita", fiscal_year=2565, org=province, score=99.15, rank=2, rank_group="regional_administration"
    )
    claims = [
        ("awards.total", 71),
        ("awards.ita", 6),
        ("assessment.ita.54.score", 99.15),
        ("assessment.ita.54.rank", 2),
        ("awards.trophies", 3),
        ("assessment.ita.99.score", 80),
    ]
    for metric, value in claims:
        Claim.objects.create(fiscal_year=2565, metric=metric, value=value, source=SOURCE)


def check(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("claims", "check", "--fiscal-year", "2565", *args, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code)
    return code, out.getvalue()


def test_the_published_71_is_a_mismatch_against_72_award_records(records):
    _, text = check()
    claims = {claim["metric"]: claim for claim in json.loads(text)["claims"]}
    assert claims["awards.total"] == {
        "metric": "awards.total",
        "claimed": 71,
        "computed": 72,
        "status": "mismatch",
        "source": SOURCE,
    }


def test_claims_that_hold_are_ok(records):
    claims = {claim["metric"]: claim for claim in json.loads(check()[1])["claims"]}
    assert claims["awards.ita"]["status"] == "ok"
    assert (claims["assessment.ita.54.score"]["computed"], claims["assessment.ita.54.score"]["status"]) == (99.15, "ok")
    assert (claims["assessment.ita.54.rank"]["computed"], claims["assessment.ita.54.rank"]["status"]) == (2, "ok")


def test_an_unknown_metric_is_reported_as_such(records):
    claims = {claim["metric"]: claim for claim in json.loads(check()[1])["claims"]}
    assert (claims["awards.trophies"]["status"], claims["awards.trophies"]["computed"]) == ("unknown_metric", None)


def test_a_claim_about_an_organisation_without_a_record_is_a_mismatch(records):
    claims = {claim["metric"]: claim for claim in json.loads(check()[1])["claims"]}
    assert (claims["assessment.ita.99.score"]["status"], claims["assessment.ita.99.score"]["computed"]) == (
        "mismatch",
        None,
    )


def test_it_exits_1_when_a_claim_fails_and_0_when_all_hold(records):
    assert check()[0] == 1
    Claim.objects.exclude(metric__in=["awards.ita", "assessment.ita.54.score"]).delete()
    assert check()[0] == 0


def test_the_table_says_the_status_in_words(records):
    _, text = check("--format", "table", "--lang", "en")
    line = next(line for line in text.splitlines() if line.startswith("awards.total"))
    assert line.split() == ["awards.total", "71", "72", "mismatch"]


def test_a_christian_era_year_exits_2(db):
    with pytest.raises(CommandError) as caught:
        call_command("claims", "check", "--fiscal-year", "2022", stdout=io.StringIO())
    assert caught.value.returncode == 2

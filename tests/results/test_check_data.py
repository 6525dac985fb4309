"""`govkpi check-data`: every stored row the rules refuse, named; exit 1 when there is any, 0 when clean."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from govkpi.results.models import Result
from govkpi.scorecards.services import score_org
from tests.results.builders import build_world


@pytest.fixture
def world(db):
    world = build_world()
    Result.objects.create(indicator=world.mean, org=world.orgs["5401"], period="2565-Q1", value=10, status="approved")
    Result.objects.create(indicator=world.mean, org=world.orgs["5402"], period="2565-Q1", value=30, status="approved")
    return world


def run(*args):
    out = io.StringIO()
    try:
        call_command("check_data", *args, stdout=out)
        code = 0
    except SystemExit as stop:
        code = stop.code
    return code, out.getvalue()


def insert(indicator, org, period, fiscal_year, value=None, numerator=None, denominator=None, note=""):
    with connection.cursor() as cursor:  # by SQL, as an older version or a restore would
        cursor.execute(
            "INSERT INTO results_result (indicator_id, org_id, period, fiscal_year, value, numerator, denominator,"
            " status, note, evidence_url, created_at, updated_at, extra)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, 'approved', %s, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '{}')",
            [indicator.pk, org.pk, period, fiscal_year, value, numerator, denominator, note],
        )


def test_clean_data_exit_0(world):
    assert run("--lang", "en") == (0, "No stored row breaks a rule.\n")


def test_each_refused_row_is_named_and_the_exit_is_1(world):
    o = world.orgs
    insert(world.mean, o["5401"], "2565-H1", 2565, value=5)  # beside the approved Q1
    insert(world.mean, o["5401"], "9999-Q1", 9999, value=1e29)
    insert(world.ratio, o["5401"], "2565-Q2", 2565, numerator=300, denominator=200)
    insert(world.ratio, o["54"], "2565-Q2", 2565, numerator=1, denominator=-2)
    insert(world.mean, o["5402"], "abc", 2565, value=1, note="x\x00y" if connection.vendor == "sqlite" else "x")
    code, out = run("--format", "json", "--lang", "en")
    assert code == 1
    found = {(row["org"], row["indicator"], row["period"], row["code"]) for row in json.loads(out)}
    assert found >= {
        ("5401", "I-MEAN", "2565-H1", "overlap_db"),  # the row written later is the one named
        ("5401", "I-MEAN", "9999-Q1", "year_out_of_range"),
        ("5401", "I-MEAN", "9999-Q1", "too_large"),
        ("5401", "I-RATIO", "2565-Q2", "share_above_whole"),
        ("54", "I-RATIO", "2565-Q2", "negative_denominator"),
        ("54", "I-RATIO", "2565-Q2", "not_assigned"),
        ("5402", "I-MEAN", "abc", "bad_period"),
    }
    code, table = run("--lang", "en")
    assert code == 1 and "9999-Q1 is outside the fiscal years results may have (2500 to 2700)" in table


def test_the_scorecard_flags_the_indicator_and_scores_the_rest(world):
    insert(world.mean, world.orgs["5401"], "2565-H1", 2565, value=5)
    card = score_org(2565, world.orgs["54"])
    rows = {row["code"]: row for row in card["indicators"]}
    assert rows["I-MEAN"]["score"] is None and rows["I-MEAN"]["problem"]["code"] == "overlapping_periods"
    assert rows["I-MEAN"]["problem"]["where"] == "children"
    district = {row["code"]: row for row in score_org(2565, world.orgs["5402"])["indicators"]}
    assert district["I-MEAN"]["value"] == 30 and "problem" not in district["I-MEAN"]


def test_broken_criteria_and_policy_are_named_and_left_out(world):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE plans_criterion SET level2 = level4 WHERE indicator_id = %s", [world.ratio.pk])
        cursor.execute("INSERT INTO plans_scoringpolicy (fiscal_year, interpolation, floor, missing, achieved_from,"
                       " at_risk_from, extra) VALUES (2565, 'linear', 0, 'exclude', 2, 3, '{}')")
    code, out = run("--format", "json", "--lang", "en")
    tables = {(row["table"], row["code"]) for row in json.loads(out)}
    assert code == 1 and tables == {("criteria", "thresholds_not_monotonic"), ("scoring_policy", "invalid_policy")}
    card = score_org(2565, world.orgs["5402"])
    assert [row["code"] for row in card["left_out"]] == ["I-RATIO"]
    assert card["policy_problem"]["code"] == "invalid_policy" and card["overall"]["score"] is not None

"""The Phrae FY 2565 demo: it loads, reproduces the seed's facts as records, and scores."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from govkpi.assessments.models import Assessment
from govkpi.awards.models import Award
from govkpi.claims.models import Claim
from govkpi.demo.actions import DEMO_WORKBOOK
from govkpi.demo.build import build, dump
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("load_demo", stdout=io.StringIO())


def test_the_shipped_workbook_is_what_the_generator_writes():
    assert DEMO_WORKBOOK.read_text(encoding="utf-8") == dump(build())


def test_it_holds_the_province_its_districts_and_subdistricts(demo):
    phrae = OrgUnit.objects.get(code="54")
    assert phrae.name_th == "จังหวัดแพร่"
    assert OrgUnit.objects.filter(parent=phrae, kind="district").count() == 8
    assert OrgUnit.objects.filter(kind="subdistrict", path__startswith=phrae.path).count() == 78
    for code in ("54-PAO", "54-SAO-HUAIO", "54-SAO-BANPIN"):
        assert OrgUnit.objects.get(code=code).extra.get("x_note") is None  # named in the seed: not invented
    invented = OrgUnit.objects.filter(kind="provincial_office")
    assert invented.exists() and all(org.extra.get("x_note") for org in invented)


def test_the_twelve_goals_say_they_are_illustrative(demo):
    goals = list(Goal.objects.all())
    assert len(goals) == 12
    assert all("illustrative" in goal.extra["x_note"] for goal in goals)
    assert all(3 <= goal.indicators.count() <= 6 for goal in goals)


def test_every_award_of_the_seed_is_a_record_and_the_published_total_disagrees(demo):
    def count(category):
        return sum(a.quantity for a in Award.objects.filter(fiscal_year=2565, category=category))

    assert [count(c) for c in ("ita", "gecc", "pmqa", "moral")] == [6, 14, 1, 51]
    assert set(Award.objects.filter(category="ita").values_list("issuer", flat=True)) == {"สำนักงาน ป.ป.ช."}
    assert Claim.objects.get(fiscal_year=2565, metric="awards.total").value == 71


def test_the_ita_results_of_the_seed(demo):
    province = Assessment.objects.get(framework="ita", fiscal_year=2565, org__code="54")
    assert (province.score, province.level, province.rank, province.rank_group) == (
        99.15, "AA", 2, "regional_administration")
    assert Assessment.objects.get(framework="ita", org__code="54-PAO").rank == 1
    aa = set(Assessment.objects.filter(framework="ita", level="AA").values_list("org__code", flat=True))
    assert aa == {"54", "54-PAO", "54-SAO-HUAIO", "54-SAO-BANPIN"}


def test_loading_it_twice_changes_nothing(demo):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "0" in out.getvalue()
    from govkpi.workbook.actions import load_workbook

    report = load_workbook(DEMO_WORKBOOK)
    assert not report.changed


def test_score_prints_phraes_scorecard_with_a_realistic_spread(demo):
    out = io.StringIO()
    call_command("score", fiscal_year="2565", format="json", stdout=out)
    card = json.loads(out.getvalue())
    assert card["org"] == "54" and card["fiscal_year"] == 2565
    assert 0.9 <= card["overall"]["coverage"] < 1
    statuses = {goal["status"] for goal in card["goals"]}
    assert {"achieved", "at_risk", "not_achieved"} <= statuses
    assert any(i["status"] == "no_data" for i in card["indicators"])
    assert {"own", "children"} <= {i["source"] for i in card["indicators"] if i["source"]}


def test_the_demo_administrator_is_created_once_with_a_kept_password(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    first, second = io.StringIO(), io.StringIO()
    call_command("load_demo", with_admin=True, stdout=first)
    call_command("load_demo", with_admin=True, stdout=second)
    password = (tmp_path / "demo-admin-password").read_text().strip()
    assert password in first.getvalue() and password in second.getvalue()
    assert "http://127.0.0.1:8000/" in first.getvalue()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    assert (tmp_path / "demo-admin-password").stat().st_mode & 0o077 == 0

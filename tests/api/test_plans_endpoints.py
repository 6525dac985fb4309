"""`/api/v1/goals`, `/indicators`, `/criteria`, `/policies`: public reads in the workbook's words, writes through
the workbook loader."""

import json

import pytest

from govkpi.audit.models import AuditEvent
from govkpi.plans.models import Criterion, Goal, Indicator, ScoringPolicy
from tests.scorecards.builders import make_criterion, make_goal, make_indicator


def codes(response, key="code"):
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["results"]]


def put(api, path, body, who="admin", language=None):
    headers = {"Authorization": f"Bearer {api.tokens[who]}"} if who else {}
    if language:
        headers["Accept-Language"] = language
    return api.client.put(f"/api/v1/{path}", data=json.dumps(body), content_type="application/json",
                          headers=headers)


@pytest.fixture
def plan(world):
    """G01 (I-MEAN, I-RATIO, no SDG) and G02 (SDG 3.6, owner 5402) with G02-01 (SDG 3.6.1, yearly sums by 5402)."""
    g01 = Goal.objects.get(code="G01")
    g01.owner = world.orgs["54"]
    g01.save()
    g02 = make_goal("G02", title_th="สังคมปลอดภัย", title_en="Safe society", note="ใหม่")
    g02.sdg, g02.owner = ["3.6"], world.orgs["5402"]
    g02.save()
    road = make_indicator("G02-01", g02, aggregation="sum", direction="lower_is_better", unit="ราย")
    road.sdg, road.period_type, road.extra = ["3.6.1"], "year", {"x_source": "สสจ.", "internal": 1}
    road.save()
    road.responsible.set([world.orgs["5402"]])
    make_criterion(2566, road, levels=(20, 15, 10, 5, 0))
    make_criterion(2565, world.mean, org=world.orgs["5401"], weight=2)
    ScoringPolicy.objects.create(fiscal_year=2565, interpolation="step")
    ScoringPolicy.objects.create(fiscal_year=2566)
    return road


# --- goals --------------------------------------------------------------------------------------------------------


def test_goals_in_workbook_columns(api, plan):
    body = api.get("goals").json()
    assert body["count"] == 2
    assert body["results"][1] == {"code": "G02", "title_th": "สังคมปลอดภัย", "title_en": "Safe society",
                                  "sdg": ["3.6"], "owner": "5402", "extra": {"x_note": "ใหม่"}}
    assert codes(api.get("goals?sdg=3")) == ["G02"]
    assert codes(api.get("goals?sdg=3.6")) == ["G02"]
    assert codes(api.get("goals?sdg=3.6.1")) == [] and codes(api.get("goals?sdg=1")) == []
    assert codes(api.get("goals?owner=54")) == ["G01"]
    assert codes(api.get("goals?q=safe")) == ["G02"]
    assert codes(api.get("goals?ordering=-code")) == ["G02", "G01"]
    assert codes(api.get("goals", "rep5401")) == ["G01", "G02"]


def test_one_goal_with_its_indicators(api, plan):
    assert api.get("goals/G01").json()["indicators"] == ["I-MEAN", "I-RATIO"]
    assert api.get("goals/G02").json()["indicators"] == ["G02-01"]
    assert api.get("goals/G99").status_code == 404


def test_put_a_goal(api, plan):
    response = put(api, "goals/G03", {"title_th": "เกษตรมั่นคง", "sdg": ["2.3", "2.4"], "owner": "5401"})
    assert response.status_code == 201, response.content
    assert response.json() == {"code": "G03", "title_th": "เกษตรมั่นคง", "title_en": "", "sdg": ["2.3", "2.4"],
                               "owner": "5401", "extra": {}, "indicators": []}
    changed = put(api, "goals/G03", {"title_th": "เกษตรมั่นคง", "sdg": "2.3", "owner": "5401"})
    assert changed.status_code == 200 and changed.json()["sdg"] == ["2.3"]
    bad = put(api, "goals/G03", {"title_th": "ก", "sdg": ["99.9"], "owner": "nobody"}, language="en")
    fields = bad.json()["error"]["fields"]
    assert fields["sdg"] == ["99.9 is not an SDG target or indicator (such as 1.2 or 3.6.1)"]
    assert fields["owner"] == ["no organisation with code nobody in the file or the database"]
    assert Goal.objects.get(code="G03").sdg == ["2.3"]


# --- indicators ---------------------------------------------------------------------------------------------------


def test_indicators_in_workbook_columns(api, plan):
    body = api.get("indicators/G02-01").json()
    assert body == {
        "code": "G02-01", "goal": "G02", "name_th": "ตัวชี้วัด G02-01", "name_en": "Indicator G02-01", "unit": "ราย",
        "direction": "lower_is_better", "aggregation": "sum", "multiplier": 100.0, "period_type": "year",
        "sdg": ["3.6.1"], "responsible": ["5402"], "definition_th": "", "data_source": "", "min": None, "max": None,
        "extra": {"x_source": "สสจ."},
    }
    assert api.get("indicators/I-MEAN").json()["responsible"] == ["5401", "540101", "5402"]
    assert api.get("indicators/I-MEAN").json()["min"] == 0
    assert api.get("indicators/NOPE").status_code == 404


def test_indicator_filters_and_ordering(api, plan):
    assert codes(api.get("indicators")) == ["G02-01", "I-MEAN", "I-RATIO"]
    assert codes(api.get("indicators?goal=G01")) == ["I-MEAN", "I-RATIO"]
    assert codes(api.get("indicators?period_type=year")) == ["G02-01"]
    assert codes(api.get("indicators?aggregation=ratio")) == ["I-RATIO"]
    assert codes(api.get("indicators?responsible=5402")) == ["G02-01", "I-MEAN", "I-RATIO"]
    assert codes(api.get("indicators?responsible=540101")) == ["I-MEAN", "I-RATIO"]
    assert codes(api.get("indicators?sdg=3.6")) == ["G02-01"] and codes(api.get("indicators?sdg=3.6.1")) == ["G02-01"]
    assert codes(api.get("indicators?sdg=3.61")) == []
    assert codes(api.get("indicators?q=ratio")) == ["I-RATIO"]
    assert codes(api.get("indicators?ordering=-goal")) == ["G02-01", "I-MEAN", "I-RATIO"]
    assert codes(api.get("indicators?ordering=-code")) == ["I-RATIO", "I-MEAN", "G02-01"]
    assert api.get("indicators?aggregation=median").status_code == 400
    page = api.get("indicators?page_size=2&page=2").json()
    assert page["pages"] == 2 and [row["code"] for row in page["results"]] == ["I-RATIO"]


def test_put_an_indicator(api, plan):
    body = {"goal": "G02", "name_th": "ผู้บาดเจ็บ", "unit": "ราย", "direction": "lower_is_better",
            "aggregation": "sum", "responsible": ["5401", "5402"], "min": 0, "x_source": "รพ."}
    response = put(api, "indicators/G02-02", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["responsible"] == ["5401", "5402"] and created["period_type"] == "quarter"
    assert created["min"] == 0 and created["extra"] == {"x_source": "รพ."}
    assert codes(api.get("indicators?responsible=5401")) == ["G02-02", "I-MEAN", "I-RATIO"]
    same = put(api, "indicators/G02-02", body)
    assert same.status_code == 200
    assert AuditEvent.objects.filter(action="workbook.load", channel="api").count() == 1
    bad = put(api, "indicators/G02-02", body | {"aggregation": "median", "goal": "G9"})
    fields = bad.json()["error"]["fields"]
    assert set(fields) == {"aggregation", "goal"} and fields["goal"] == ["ไม่พบเป้าหมายรหัส G9 ทั้งในไฟล์และในฐานข้อมูล"]


# --- criteria -----------------------------------------------------------------------------------------------------


def test_criteria_lists_and_filters(api, plan, world):
    rows = api.get("criteria").json()["results"]
    assert [(r["fiscal_year"], r["indicator"], r["org"]) for r in rows] == [
        (2565, "I-MEAN", None), (2565, "I-MEAN", "5401"), (2565, "I-RATIO", None), (2566, "G02-01", None)
    ]  # by year, indicator, then id
    row = next(r for r in rows if r["indicator"] == "G02-01")
    assert {k: row[k] for k in ("weight", "level1", "level5", "target", "baseline", "baseline_year", "extra")} == {
        "weight": 1.0, "level1": 20.0, "level5": 0.0, "target": 10.0, "baseline": None, "baseline_year": None,
        "extra": {}}
    assert codes(api.get("criteria?fiscal_year=2566"), "indicator") == ["G02-01"]
    assert codes(api.get("criteria?indicator=I-MEAN&org=5401"), "weight") == [2.0]
    assert codes(api.get("criteria?indicator=I-MEAN&org=-"), "weight") == [1.0]
    assert codes(api.get("criteria?org=-"), "indicator") == ["I-MEAN", "I-RATIO", "G02-01"]
    assert codes(api.get("criteria?ordering=-weight"), "weight")[0] == 2.0
    assert codes(api.get("criteria?ordering=-fiscal_year"), "indicator")[0] == "G02-01"
    one = api.get(f"criteria/{row['id']}")
    assert one.status_code == 200 and one.json() == row
    assert api.get("criteria/999999").status_code == 404


def test_put_criteria_by_the_key_in_the_body(api, plan):
    body = {"fiscal_year": "๒๕๖๖", "indicator": "I-RATIO", "org": "5402", "weight": 3, "level1": 10, "level2": 20,
            "level3": 30, "level4": 40, "level5": 50}
    response = put(api, "criteria", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["fiscal_year"] == 2566 and created["org"] == "5402" and created["weight"] == 3
    again = put(api, "criteria", body | {"weight": 4, "x_why": "ย้ำ"})
    assert again.status_code == 200 and again.json()["id"] == created["id"] and again.json()["extra"] == {"x_why": "ย้ำ"}
    default = put(api, "criteria", {k: v for k, v in body.items() if k != "org"})
    assert default.status_code == 201 and default.json()["org"] is None
    rising = put(api, "criteria", body | {"level2": 5}, language="en")
    assert rising.status_code == 400
    assert rising.json()["error"]["fields"]["level2"][0].startswith("thresholds must rise strictly")
    missing = put(api, "criteria", {"fiscal_year": 2566, "indicator": "I-RATIO", "weight": 1}, language="en")
    assert missing.json()["error"]["fields"]["level1"] == ["a value is required"]
    assert Criterion.objects.filter(fiscal_year=2566, indicator__code="I-RATIO").count() == 2


# --- scoring policies ---------------------------------------------------------------------------------------------


def test_policies(api, plan):
    assert codes(api.get("policies"), "fiscal_year") == [2565, 2566]
    assert codes(api.get("policies?ordering=-fiscal_year"), "fiscal_year") == [2566, 2565]
    assert api.get("policies/2565").json() == {"fiscal_year": 2565, "interpolation": "step", "floor": 0.0,
                                               "missing": "exclude", "achieved_from": 3.0, "at_risk_from": 2.0,
                                               "min_coverage": 0.0, "require_commentary": 0, "lock_after_days": None,
                                               "extra": {}}
    assert api.get("policies/2570").status_code == 404


def test_put_a_policy(api, plan):
    response = put(api, "policies/2567", {"floor": 1, "achieved_from": 3.5})
    assert response.status_code == 201 and response.json()["floor"] == 1 and response.json()["achieved_from"] == 3.5
    assert put(api, "policies/2567", {"floor": 1, "achieved_from": 3.5}).status_code == 200
    bad = put(api, "policies/2567", {"achieved_from": 1, "at_risk_from": 2}, language="en")
    assert bad.status_code == 400 and bad.json()["error"]["fields"]
    ce = put(api, "policies/2024", {}, language="en").json()["error"]["fields"]
    assert ce["fiscal_year"][0].startswith("2024 looks like a Christian-era year")
    assert put(api, "policies/2567", {"fiscal_year": 2568}).status_code == 400
    assert ScoringPolicy.objects.get(fiscal_year=2567).achieved_from == 3.5
    share = put(api, "policies/2567", {"min_coverage": 60}, language="en")
    assert share.status_code == 400 and "min_coverage" in share.json()["error"]["fields"]
    assert put(api, "policies/2567", {"min_coverage": 0.25}).json()["min_coverage"] == 0.25


# --- for everyone -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path,body", [
    ("goals/G05", {"title_th": "ก"}),
    ("indicators/X-1", {"goal": "G01", "name_th": "ก", "unit": "ราย", "direction": "higher_is_better",
                        "aggregation": "sum"}),
    ("criteria", {"fiscal_year": 2566, "indicator": "I-MEAN", "weight": 1, "level1": 1, "level2": 2, "level3": 3,
                  "level4": 4, "level5": 5}),
    ("policies/2569", {}),
])
def test_only_province_admins_write(api, plan, path, body):
    counts = (Goal.objects.count(), Indicator.objects.count(), Criterion.objects.count(), ScoringPolicy.objects.count())
    for who in ("rep5401", "app5401", "viewer"):
        assert put(api, path, body, who=who).status_code == 403
    assert put(api, path, body, who=None).status_code == 401
    assert (Goal.objects.count(), Indicator.objects.count(), Criterion.objects.count(),
            ScoringPolicy.objects.count()) == counts
    assert put(api, path, body).status_code == 201


@pytest.mark.parametrize("path", ["goals", "indicators", "criteria", "policies"])
def test_list_queries_do_not_grow_with_rows(api, plan, world, path, django_assert_max_num_queries):
    for i in range(40):
        goal = make_goal(f"G1{i:02d}")
        goal.owner = world.orgs["5401"]
        goal.save()
        indicator = make_indicator(f"I-{i:02d}", goal)
        indicator.responsible.set([world.orgs["5401"], world.orgs["5402"]])
        make_criterion(2565, indicator, org=world.orgs["5402"])
        ScoringPolicy.objects.create(fiscal_year=2600 + i)
    with django_assert_max_num_queries(5):
        body = api.get(f"{path}?page_size=200").json()
    assert body["count"] >= 40 and len(body["results"]) == body["count"]

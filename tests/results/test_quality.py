"""Data quality across organisations: follow-up flags set and cleared by approvers of the subtree only (audited),
the approver's queue warning of values unusual against their peers or their own history, the data quality page
(reporting rates, unusual values, flags) by role, in Thai and English, in a bounded number of queries, odd data
(zero, negative, one organisation, a broken row) never making a page fail, and `govkpi check-data --quality`."""

import io
import json
import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from govkpi.accounts.models import Membership
from govkpi.audit.models import AuditEvent
from govkpi.dashboards.labels import ACTIONS
from govkpi.orgs.actions import rebuild_paths
from govkpi.orgs.models import OrgUnit
from govkpi.results import actions, quality
from govkpi.results.models import FollowUp, ReportingCalendar, Result
from tests.results.builders import PASSWORD
from tests.results.helpers import draft

PEERS = {"5402": 50, "5403": 52, "5404": 49, "5405": 51, "5406": 50, "5407": 48}
HISTORY = {"2564-Q1": 50, "2564-Q2": 51, "2564-Q3": 49, "2564-Q4": 50}


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def login(client, who):
    assert client.login(username=who, password=PASSWORD)
    return client


@pytest.fixture
def peers(world):
    """Districts 5403–5407 beside 5401 and 5402, each with an approved 2565-Q1 value near 50; 5401's own history
    of 2564 near 50; and 5401's 2565-Q1 submitted at 95 — unusual against both."""
    province = world.orgs["54"]
    for code in ("5403", "5404", "5405", "5406", "5407"):
        OrgUnit.objects.create(code=code, name_th=f"อำเภอ {code}", name_en=f"District {code}", kind="district",
                               parent=province)
    rebuild_paths()
    orgs = {org.code: org for org in OrgUnit.objects.all()}
    world.orgs.update(orgs)
    world.mean.responsible.add(*(orgs[code] for code in PEERS))
    for code, value in PEERS.items():
        Result.objects.create(indicator=world.mean, org=orgs[code], period="2565-Q1", value=value, status="approved")
    for period, value in HISTORY.items():
        Result.objects.create(indicator=world.mean, org=orgs["5401"], period=period, value=value, status="approved")
    world.unusual = draft(world, value=95.0)
    actions.submit_result(world.unusual, acting_user=world.people["rep5401"], channel="web")
    return world


def approver_of(world, code, name):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", PASSWORD)
    Membership.objects.create(user=user, org=world.orgs[code], role="approver")
    return user


def flag(client, result, decision="set", text="ตรวจสอบค่าอีกครั้ง", back=""):
    return client.post(reverse("results:follow_up", args=[result.pk]),
                       {"flag": decision, "text": text, "back": back})


# Who may set and clear follow-up flags


@pytest.mark.parametrize("who", ["app5401", "admin"])
def test_an_approver_of_the_subtree_and_the_province_officer_set_and_clear_a_flag(peers, client, who):
    login(client, who)
    assert flag(client, peers.unusual).status_code == 302
    follow_up = FollowUp.objects.get(result=peers.unusual)
    assert follow_up.open and follow_up.reason == "ตรวจสอบค่าอีกครั้ง" and follow_up.set_by_label == who
    assert flag(client, peers.unusual, "clear", "ยืนยันแล้ว").status_code == 302
    follow_up.refresh_from_db()
    assert not follow_up.open and follow_up.clear_note == "ยืนยันแล้ว" and follow_up.cleared_by_label == who
    events = list(AuditEvent.objects.filter(action__startswith="results.result.").filter(
        action__in=["results.result.flag", "results.result.unflag"]).order_by("id"))
    assert [e.action for e in events] == ["results.result.flag", "results.result.unflag"]
    assert events[0].reason == "ตรวจสอบค่าอีกครั้ง" and events[1].reason == "ยืนยันแล้ว"
    assert all(e.actor_label == who for e in events)


def test_an_approver_flags_a_result_below_their_organisation(peers, client):
    below = draft(peers, who="rep540101", org="540101", value=40.0)
    login(client, "app5401")
    assert flag(client, below).status_code == 302
    assert FollowUp.objects.filter(result=below, cleared_at__isnull=True).exists()


@pytest.mark.parametrize("who, status", [("rep5401", 403), ("viewer", 403), ("rep5402", 404)])
def test_reporters_and_viewers_cannot_flag(peers, client, who, status):
    login(client, who)
    assert flag(client, peers.unusual).status_code == status
    assert not FollowUp.objects.exists()
    with pytest.raises(actions.NotAllowed):
        actions.set_follow_up(peers.unusual, flag=True, text="x", acting_user=peers.people[who], channel="web")


def test_an_approver_of_another_subtree_can_neither_set_nor_clear(peers, client):
    other = approver_of(peers, "5402", "app5402")
    actions.set_follow_up(peers.unusual, flag=True, text="ค่าสูงผิดปกติ", acting_user=peers.people["app5401"],
                          channel="web")
    client.force_login(other)
    assert flag(client, peers.unusual, "clear").status_code == 404  # not even visible
    with pytest.raises(actions.NotAllowed):
        actions.set_follow_up(peers.unusual, flag=False, text="", acting_user=other, channel="web")
    assert FollowUp.objects.get(result=peers.unusual).open


def test_a_flag_needs_a_reason_and_is_set_once(peers, client):
    approver = peers.people["app5401"]
    with pytest.raises(ValidationError):
        actions.set_follow_up(peers.unusual, flag=True, text="  ", acting_user=approver, channel="web")
    with pytest.raises(actions.AlreadyFlagged):
        actions.set_follow_up(peers.unusual, flag=False, text="", acting_user=approver, channel="web")
    actions.set_follow_up(peers.unusual, flag=True, text="ตรวจ", acting_user=approver, channel="web")
    with pytest.raises(actions.AlreadyFlagged):
        actions.set_follow_up(peers.unusual, flag=True, text="อีกครั้ง", acting_user=approver, channel="web")
    login(client, "app5401")
    response = flag(client, peers.unusual, text="อีกครั้ง", back="approvals")
    assert response.status_code == 302 and response["Location"] == reverse("results:approvals")
    assert FollowUp.objects.filter(result=peers.unusual).count() == 1
    response = flag(client, peers.unusual, "clear", back="quality")
    assert response["Location"] == reverse("results:quality") and not FollowUp.objects.get().open
    assert flag(client, peers.unusual, "clear", back="https://evil.example/").url == reverse(
        "results:history", args=[peers.unusual.pk])  # only the pages it knows
    assert client.post(reverse("results:follow_up", args=[peers.unusual.pk]), {"flag": "x"}).status_code == 400
    assert client.get(reverse("results:follow_up", args=[peers.unusual.pk])).status_code == 405


def test_the_new_audit_actions_have_labels():
    assert "results.result.flag" in ACTIONS and "results.result.unflag" in ACTIONS


# The approver's queue


def item_of(page, result):
    decide = reverse("results:decide", args=[result.pk])
    return next(item for item in page.split('<li class="queue__item">')[1:] if decide in item)


def test_the_queue_warns_of_a_value_unusual_against_peers_and_its_own_history(peers, client):
    item = item_of(login(client, "app5401").get(reverse("results:approvals")).content.decode(), peers.unusual)
    # peers 95, 50, 52, 49, 51, 50, 48: median 50, MAD 1 → z = 0.6745 · 45 = 30.4
    assert "ผิดปกติเมื่อเทียบกับหน่วยงานกลุ่มเดียวกัน: z = 30.4" in item
    # its own 2564: 50, 51, 49, 50: median 50, MAD 0.5 → z = 0.6745 · 45 / 0.5 = 60.7
    assert "ผิดปกติเมื่อเทียบกับผลที่ผ่านมาของตนเอง: z = 60.7" in item
    assert item.index("z = 30.4") < item.index('value="approve"')  # seen before approving
    assert 'name="flag" value="set"' in item


def test_the_queue_in_english_shows_the_flag(peers, client):
    actions.set_follow_up(peers.unusual, flag=True, text="Check with the district", acting_user=None, channel="cli")
    page = login(client, "app5401").get(reverse("results:approvals"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    item = item_of(page, peers.unusual)
    assert "Unusual against peers: z = 30.4 (median 50 of 7 organisations)" in item
    assert "Unusual against its own history: z = 60.7 (median 50 of 4 earlier periods)" in item
    assert "Flagged for follow-up" in item and "Check with the district" in item
    assert 'name="flag" value="clear"' in item


def test_approving_several_at_once_shows_the_warnings_before_confirming(peers, client):
    ordinary = draft(peers, who="rep540101", org="540101", value=70.0)
    actions.submit_result(ordinary, acting_user=peers.people["rep540101"], channel="web")
    page = text_of(login(client, "app5401").post(reverse("results:approve_selected"),
                                                  {"selected": [peers.unusual.pk, ordinary.pk]}))
    rows = page[page.index("ตรวจสอบค่า"):]
    assert "ผิดปกติเมื่อเทียบกับหน่วยงานกลุ่มเดียวกัน: z = 30.4" in rows
    assert Result.objects.get(pk=peers.unusual.pk).status == "submitted"  # nothing approved before confirming


def test_an_ordinary_value_has_no_warning(world, client):
    result = draft(world, value=70.0)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    item = item_of(login(client, "app5401").get(reverse("results:approvals")).content.decode(), result)
    assert "z =" not in item  # two peers only: no verdict


def test_warnings_for_any_results_in_one_query(peers, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = quality.warnings_for([peers.unusual])
    assert [flag.against for flag in found[peers.unusual.pk]] == ["peers", "history"]
    assert found[peers.unusual.pk][0].z == pytest.approx(0.6745 * 45)
    assert quality.warnings_for([]) == {}


def test_the_queue_stays_within_its_queries_with_flags_and_warnings(peers, client, django_assert_max_num_queries):
    actions.set_follow_up(peers.unusual, flag=True, text="ตรวจ", acting_user=None, channel="cli")
    login(client, "app5401")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("results:approvals")).status_code == 200


def test_the_history_page_lists_the_flags(peers, client):
    actions.set_follow_up(peers.unusual, flag=True, text="ตรวจ", acting_user=None, channel="cli")
    actions.set_follow_up(peers.unusual, flag=False, text="ถูกต้อง", acting_user=None, channel="cli")
    page = text_of(login(client, "app5401").get(reverse("results:history", args=[peers.unusual.pk])))
    assert "ตรวจ" in page and "ถูกต้อง" in page
    reporter = text_of(login(client, "rep5401").get(reverse("results:history", args=[peers.unusual.pk])))
    assert "ตรวจ" in reporter and 'value="set"' not in reporter  # the reporter sees, cannot flag


# The data quality page


def test_the_quality_page_for_the_province_officer(peers, client):
    actions.set_follow_up(peers.unusual, flag=True, text="ค่าสูงผิดปกติ", acting_user=None, channel="cli")
    response = login(client, "admin").get(reverse("results:quality") + "?fy=2565")
    assert response.status_code == 200
    page = text_of(response)
    rates = page[page.index("อัตราการรายงานรายหน่วยงาน"):page.index("อัตราการรายงานรายตัวชี้วัด")]
    # 2565 is over: 4 quarters of two indicators due for 5401, 540101 and 5402, 4 of I-MEAN for 5403–5407
    assert "540101 ตำบลในเวียง 0 8 0%" in rates
    assert "5401 อำเภอเมืองแพร่ 1 8 13%" in rates and "5403 อำเภอ 5403 1 4 25%" in rates
    assert rates.index("540101") < rates.index("5401 อำเภอเมืองแพร่") < rates.index("5403")  # lowest first
    unusual = page[page.index("ค่าที่ผิดปกติ"):]
    assert "I-MEAN" in unusual and "5401 อำเภอเมืองแพร่" in unusual and "z = 30.4" in unusual
    assert "ค่าสูงผิดปกติ" in page[page.index("ธงติดตามที่ยังเปิดอยู่"):]


def test_the_quality_page_in_english_filtered_by_period_and_indicator(peers, client):
    login(client, "admin")
    url = reverse("results:quality")
    page = text_of(client.get(url + "?fy=2565&period=2565-Q2&indicator=I-MEAN", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Reporting rates by organisation, lowest first" in page and "0 reported values look unusual" in page
    assert "I-RATIO" not in page[page.index("Reporting rates by indicator"):]
    page = text_of(client.get(url + "?fy=2565&period=nonsense&indicator=nope", HTTP_ACCEPT_LANGUAGE="en"))
    assert "1 reported value looks unusual" in page


def test_the_page_narrows_to_an_organisation_of_the_subtree(peers, client):
    login(client, "admin")
    page = text_of(client.get(reverse("results:quality") + "?org=5401"))
    assert "5401 อำเภอเมืองแพร่" in page and "540101" in page and "5403" not in page
    login(client, "app5401")
    page = text_of(client.get(reverse("results:quality") + "?org=5402"))  # outside: said, and not shown
    assert "ไม่มีหน่วยงานรหัสนี้ในส่วนที่ท่านดูแล" in page and "5402" not in page
    page = text_of(client.get(reverse("results:quality") + "?org=540101"))
    assert "540101" in page and "5401 อำเภอเมืองแพร่" not in page


def test_an_approver_sees_their_subtree_only(peers, client):
    page = text_of(login(client, "app5401").get(reverse("results:quality")))
    assert "5401 อำเภอเมืองแพร่" in page and "540101" in page
    assert "5402" not in page and "5403" not in page


def test_a_reporter_alone_cannot_open_the_quality_page(peers, client):
    assert login(client, "rep5401").get(reverse("results:quality")).status_code == 403


def test_a_viewer_reads_the_quality_page_but_cannot_clear_flags(peers, client):
    actions.set_follow_up(peers.unusual, flag=True, text="ค่าสูงผิดปกติ", acting_user=None, channel="cli")
    response = login(client, "viewer").get(reverse("results:quality"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ค่าสูงผิดปกติ" in page and 'name="flag"' not in page
    approver = login(client, "app5401").get(reverse("results:quality")).content.decode()
    assert 'name="flag" value="clear"' in approver


def test_a_visitor_is_sent_to_sign_in(client, world):
    assert client.get(reverse("results:quality")).status_code == 302


@pytest.mark.parametrize("extra", [0, 24])
def test_the_quality_page_runs_a_bounded_number_of_queries(peers, client, django_assert_max_num_queries, extra):
    for n in range(extra):
        result = Result.objects.create(indicator=peers.mean, org=peers.orgs["5402"], period=f"2563-M{n % 12 + 1:02d}"
                                       if n < 12 else f"2562-M{n % 12 + 1:02d}", value=n, status="approved")
        actions.set_follow_up(result, flag=True, text="ตรวจ", acting_user=None, channel="cli")
    login(client, "app5401")
    client.get(reverse("results:quality"))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("results:quality")).status_code == 200


def insert(world, org, period, value, status="approved"):
    with connection.cursor() as cursor:  # by SQL, as an older version or a restore would
        cursor.execute(
            "INSERT INTO results_result (indicator_id, org_id, period, fiscal_year, value, numerator, denominator,"
            " status, note, evidence_url, created_at, updated_at, extra)"
            " VALUES (%s, %s, %s, 2565, %s, NULL, NULL, %s, '', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '{}')",
            [world.mean.pk, world.orgs[org].pk, period, value, status],
        )


@pytest.mark.parametrize("values", [
    {"5401": 0, "5402": 0, "540101": 0},
    {"5401": -1e6, "5402": -5, "540101": 1e300},
    {"5401": 42},
])
def test_odd_values_never_break_the_pages(world, client, values):
    for code, value in values.items():
        insert(world, code, "2565-Q3", value, status="submitted")
    insert(world, "5402", "2565-Q9", 10)  # a period no rule accepts
    insert(world, "5402", "2565-Q4", None)  # an approved row without a value
    ReportingCalendar.objects.create(fiscal_year=2565, grace_days=0)
    for who in ("admin", "app5401"):
        login(client, who)
        for url in ("/results/quality/", "/results/quality/?fy=2565&period=2565-Q3", "/results/approvals/",
                    "/results/quality/?fy=1&period=2565-M99"):
            assert client.get(url).status_code == 200, url


def test_one_organisation_alone_gets_no_verdict(world):
    Result.objects.create(indicator=world.mean, org=world.orgs["5401"], period="2565-Q1", value=1e9,
                          status="approved")
    assert quality.year_quality(2565, None, date(2030, 1, 1)).outlier_count == 0


def test_rates_count_a_whole_year_value_for_its_quarters_and_wait_for_the_due_date(world):
    Result.objects.create(indicator=world.mean, org=world.orgs["5402"], period="2565", value=50, status="approved")
    Result.objects.create(indicator=world.mean, org=world.orgs["5401"], period="2565-Q1", value=50, status="draft")
    ReportingCalendar.objects.create(fiscal_year=2565, grace_days=10)
    report = quality.year_quality(2565, None, date(2022, 1, 11))  # Q1 ends 31 Dec: due 10 Jan
    rates = {line.subject.code: (line.reported, line.expected) for line in report.by_org}
    assert rates == {"5401": (0, 2), "540101": (0, 2), "5402": (1, 2)}  # a draft is not reported
    assert quality.year_quality(2565, None, date(2022, 1, 10)).by_org == []  # not due yet


# govkpi check-data --quality


def run(*args):
    out = io.StringIO()
    call_command("check_data", "--quality", *args, stdout=out)
    return out.getvalue()


def test_check_data_prints_the_quality_report(peers):
    actions.set_follow_up(peers.unusual, flag=True, text="ค่าสูง", acting_user=None, channel="cli")
    data = json.loads(run("--format", "json", "--year", "2565", "--lang", "en"))
    assert data["fiscal_year"] == 2565 and data["outlier_count"] == 1
    outlier = data["outliers"][0]
    assert (outlier["org"], outlier["indicator"], outlier["period"], outlier["value"]) == ("5401", "I-MEAN",
                                                                                           "2565-Q1", 95)
    assert [flag["against"] for flag in outlier["flags"]] == ["peers", "history"]
    assert outlier["flags"][0]["z"] == pytest.approx(0.6745 * 45, abs=1e-3)
    assert data["rates"]["organisations"][0]["org"] == "540101" and data["rates"]["organisations"][0]["rate"] == 0
    assert data["follow_up"][0]["reason"] == "ค่าสูง"
    table = run()
    assert "อัตราการรายงานรายหน่วยงาน" in table and "540101\t0\t8\t0%" in table and "ค่าสูง" in table


def test_the_admin_shows_flags_but_cannot_change_them(peers, client):
    follow_up = actions.set_follow_up(peers.unusual, flag=True, text="ตรวจ", acting_user=None, channel="cli")
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x-Strong-Pass-9"))
    assert client.get("/admin/results/followup/").status_code == 200
    assert client.get("/admin/results/followup/add/").status_code == 403
    assert client.post(f"/admin/results/followup/{follow_up.pk}/delete/", {"post": "yes"}).status_code == 403

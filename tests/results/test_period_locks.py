"""Period locks (issue 18 item 4, docs/locks.md): a year's policy closes each period for entry some days after it
ends; an officer's unlock — with a reason, audited — opens it again for a while; every entry point refuses the same
way."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from govkpi.accounts.actions import create_token
from govkpi.audit.models import AuditEvent
from govkpi.core.locks import Unlock, is_locked, lock_date
from govkpi.core.periods import parse_period
from govkpi.plans.models import ScoringPolicy
from govkpi.results import actions
from govkpi.results.models import PeriodUnlock, Result
from govkpi.workbook.actions import load_workbook
from govkpi.workbook.export import export_workbook
from govkpi.workbook.messages import WorkbookError
from tests.results.builders import PASSWORD
from tests.results.helpers import draft

Q1 = parse_period("2565-Q1")  # 1 Oct – 31 Dec 2021
NOW = datetime(2022, 2, 1, tzinfo=UTC)


# --- the rule (pure) ----------------------------------------------------------------------------------------------


def test_a_period_locks_the_day_after_its_lock_date_and_never_without_a_policy():
    assert lock_date(Q1, 15) == date(2022, 1, 15)
    assert lock_date(Q1, None) is None
    assert not is_locked(Q1, 15, date(2022, 1, 15))
    assert is_locked(Q1, 15, date(2022, 1, 16))
    assert is_locked(Q1, 0, date(2022, 1, 1))
    assert not is_locked(Q1, None, date(2030, 1, 1))
    assert lock_date(Q1, 2**31 - 1) == date.max and not is_locked(Q1, 2**31 - 1, date(2030, 1, 1))


def test_an_unlock_covers_its_organisation_and_below_its_period_or_year_and_its_indicator_until_it_ends():
    until = NOW + timedelta(days=7)
    day = date(2022, 2, 1)
    district = Unlock("/54/5401/", "2565-Q1", "", until)
    assert not is_locked(Q1, 15, day, org_path="/54/5401/540101/", indicator="X", unlocks=[district], now=NOW)
    assert is_locked(Q1, 15, day, org_path="/54/5402/", indicator="X", unlocks=[district], now=NOW)
    assert is_locked(parse_period("2565-Q2"), 0, date(2022, 5, 1), org_path="/54/5401/", unlocks=[district], now=NOW)
    assert is_locked(Q1, 15, day, org_path="/54/5401/", unlocks=[district], now=until)  # it ended
    year = Unlock("/54/", "2565", "I-MEAN", until)
    assert not is_locked(Q1, 15, day, org_path="/54/5402/", indicator="I-MEAN", unlocks=[year], now=NOW)
    assert is_locked(Q1, 15, day, org_path="/54/5402/", indicator="I-RATIO", unlocks=[year], now=NOW)
    assert is_locked(Q1, 15, day, org_path="/54/5402/", indicator="I-MEAN", unlocks=[Unlock("", "2565", "", until)],
                     now=NOW)


# --- the actions --------------------------------------------------------------------------------------------------


def lock(days=15):
    ScoringPolicy.objects.update_or_create(fiscal_year=2565, defaults={"lock_after_days": days})


def unlock(world, who="app5401", org="5401", period="2565-Q1", **more):
    return actions.unlock_period(org=world.orgs[org], period=period, reason=more.pop("reason", "ตรวจพบข้อมูลผิด"),
                                 acting_user=world.people[who], channel="web", **more)


def test_no_policy_means_nothing_changes(world):
    draft(world)
    assert Result.objects.count() == 1


def test_a_locked_period_refuses_new_results_changes_submission_and_evidence(world):
    result = draft(world)
    lock()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        draft(world, period="2565-Q2")
    assert "period 2565-Q2 closed for entry after" in str(refused.value.message_dict["period"])
    assert "unlock" in str(refused.value.message_dict["period"])
    with pytest.raises(ValidationError):
        draft(world, value=71.0)
    assert draft(world, value=70.0).value == 70.0  # the same values again change nothing and pass
    with pytest.raises(ValidationError):
        actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    with pytest.raises(ValidationError):
        actions.add_evidence(result, url="https://example.org/a.pdf", acting_user=world.people["rep5401"],
                             channel="web")
    assert Result.objects.get(pk=result.pk).status == "draft"


def test_the_thai_message_names_the_lock_date_in_the_buddhist_era(world):
    lock()
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        draft(world)
    text = refused.value.message_dict["period"][0]
    assert "2565-Q1" in text and "15 ม.ค. 2565" in text


def test_approving_a_result_submitted_before_the_lock_stays_possible_reopening_needs_an_unlock(world):
    result = draft(world)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    lock()
    actions.approve_result(result, acting_user=world.people["app5401"], channel="web")
    with pytest.raises(ValidationError):
        actions.reopen_result(result, acting_user=world.people["admin"], channel="web", reason="ผิด")
    unlock(world, who="admin")
    actions.reopen_result(result, acting_user=world.people["admin"], channel="web", reason="ผิด")
    assert Result.objects.get(pk=result.pk).status == "draft"


def test_an_unlock_opens_the_period_for_the_organisation_and_below_and_is_audited(world):
    lock()
    made = unlock(world)
    assert made.until - made.at == timedelta(days=7) and made.by == world.people["app5401"]
    draft(world)
    draft(world, who="rep540101", org="540101")
    with pytest.raises(ValidationError):
        draft(world, who="rep5402", org="5402")
    event = AuditEvent.objects.get(action="results.period.unlock")
    assert event.object_key == "5401 2565-Q1" and event.reason == "ตรวจพบข้อมูลผิด"


def test_an_expired_unlock_opens_nothing(world):
    lock()
    made = unlock(world)
    PeriodUnlock.objects.filter(pk=made.pk).update(until=made.at)
    with pytest.raises(ValidationError):
        draft(world)


def test_an_unlock_of_one_indicator_leaves_the_others_locked(world):
    lock()
    unlock(world, indicator=world.ratio)
    draft(world, indicator=world.ratio, value=None, numerator=1.0, denominator=2.0)
    with pytest.raises(ValidationError):
        draft(world)


@pytest.mark.parametrize(("who", "org", "allowed"), [
    ("admin", "5402", True),  # the province administrator: anywhere
    ("app5401", "5401", True),  # an approver: their organisation
    ("app5401", "540101", True),  # … and below it
    ("app5401", "54", False),  # … not above it
    ("app5401", "5402", False),  # … nor beside it
    ("rep5401", "5401", False),  # a reporter asks; they do not unlock
    ("viewer", "5401", False),
])
def test_who_may_unlock(world, who, org, allowed):
    lock()
    if allowed:
        unlock(world, who=who, org=org)
        assert PeriodUnlock.objects.filter(org__code=org).count() == 1
    else:
        with pytest.raises(actions.NotAllowed):
            unlock(world, who=who, org=org)
        assert not PeriodUnlock.objects.exists()


def test_an_unlock_needs_a_reason_and_a_sensible_length(world):
    with pytest.raises(ValidationError):
        unlock(world, reason="  ")
    with pytest.raises(ValidationError):
        unlock(world, days=0)
    with pytest.raises(ValidationError):
        unlock(world, period="2565-Q9")
    assert not PeriodUnlock.objects.exists() and not AuditEvent.objects.filter(action="results.period.unlock")


# --- the entry points ---------------------------------------------------------------------------------------------


def test_the_api_refuses_a_locked_period_as_other_rules(world, client):
    lock()
    token = create_token(world.people["admin"], acting_user=None, channel="cli", scopes=["write"])
    body = {"indicator": "I-MEAN", "org": "5401", "period": "2565-Q1", "value": 5}
    response = client.post("/api/v1/results", data=json.dumps(body), content_type="application/json",
                           headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})
    assert response.status_code == 400, response.content
    assert "closed for entry" in response.json()["error"]["fields"]["period"][0]
    assert not Result.objects.exists()


def test_the_entry_page_refuses_a_locked_period(world, client):
    lock()
    assert client.login(username="rep5401", password=PASSWORD)
    response = client.post("/results/entry/5401/2565-Q1/", {f"value-{world.mean.pk}": "5"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "closed for entry" in response.content.decode()
    assert not Result.objects.exists()


def test_the_workbook_loads_an_unchanged_export_and_refuses_changed_rows_of_a_locked_period(world, tmp_path):
    draft(world)
    draft(world, period="2565-Q2", value=60.0)
    lock()
    exported = tmp_path / "all.xlsx"
    export_workbook(exported)
    report = load_workbook(exported)
    assert not report.changed
    book = {"results": [
        {"indicator": "I-MEAN", "org": "5401", "period": "2565-Q1", "value": 70, "status": "draft"},  # as held
        {"indicator": "I-MEAN", "org": "5401", "period": "2565-Q2", "value": 61, "status": "draft"},  # changed
        {"indicator": "I-MEAN", "org": "5402", "period": "2565-Q3", "value": 1, "status": "draft"},  # new
    ]}
    path = tmp_path / "some.json"
    path.write_text(json.dumps(book), encoding="utf-8")
    with translation.override("en"), pytest.raises(WorkbookError) as refused:
        load_workbook(path)
    found = [(p.table, p.row, p.column) for p in refused.value.problems if p.code == "period_locked"]
    assert found == [("results", 2, "period"), ("results", 3, "period")]  # JSON rows count from 1
    assert "period 2565-Q2 closed for entry after 15/4/2565" in refused.value.problems[0].message()
    unlock(world, who="admin", org="54", period="2565")
    assert load_workbook(path).tables["results"].as_dict() == {"created": 1, "updated": 1, "unchanged": 1}


def test_the_entry_page_shows_a_closed_period_read_only_and_saves_nothing_from_it(world, client):
    lock()
    assert client.login(username="rep5401", password=PASSWORD)
    page = client.get("/results/entry/5401/2565-Q1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'name="value-{world.mean.pk}"' not in page
    assert "period 2565-Q1 closed for entry after" in page and "/results/calendar/" in page
    client.post("/results/entry/5401/2565-Q1/", {f"value-{world.mean.pk}": "5"})
    assert not Result.objects.exists()


# --- the reporting calendar ---------------------------------------------------------------------------------------


def test_reporters_see_the_calendar_and_officers_unlock_from_it(world, client):
    lock()
    assert client.login(username="rep5401", password=PASSWORD)
    page = client.get("/results/calendar/?fy=2565", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200 and "2565-Q1" in text and "2565-M12" in text and "closed" in text
    assert 'name="reason"' not in text  # a reporter asks; no form
    assert client.post("/results/calendar/?fy=2565", {"org": "5401", "period": "2565-Q1", "days": 7,
                                                      "reason": "x"}).status_code == 403
    client.logout()
    assert client.login(username="app5401", password=PASSWORD)
    text = client.get("/results/calendar/?fy=2565").content.decode()
    assert 'name="reason"' in text and 'value="5402"' not in text  # only their own subtree is offered
    refused = client.post("/results/calendar/?fy=2565", {"org": "5402", "period": "2565-Q1", "days": 7,
                                                         "reason": "x"})
    assert refused.status_code == 400 and not PeriodUnlock.objects.exists()
    done = client.post("/results/calendar/?fy=2565", {"org": "5401", "period": "2565-Q1", "days": 3,
                                                      "reason": "แก้ตัวเลข"})
    assert done.status_code == 302
    made = PeriodUnlock.objects.get()
    assert (made.org.code, made.period, made.indicator, made.reason) == ("5401", "2565-Q1", None, "แก้ตัวเลข")
    assert "แก้ตัวเลข" in client.get("/results/calendar/?fy=2565").content.decode()
    client.logout()
    assert client.login(username="rep5401", password=PASSWORD)
    draft(world)  # open again for 5401


def test_the_reporter_sheet_refuses_a_locked_period_and_saves_nothing(world, client):
    from tests.results.test_entry_sheet import download, rows, upload

    draft(world, note="ร่างเดิม")
    client.login(username="rep5401", password=PASSWORD)
    book = download(client)
    lock()
    sheet, header, at = rows(book)
    sheet.cell(row=at["I-MEAN"], column=header.index("value") + 1, value=75)
    sheet.cell(row=at["I-RATIO"], column=header.index("numerator") + 1, value=3)
    sheet.cell(row=at["I-RATIO"], column=header.index("denominator") + 1, value=4)
    response = upload(client, book)
    assert response.status_code == 400
    assert "รอบ 2565-Q1 ปิดรับการบันทึกแล้วหลังวันที่ 15 ม.ค. 2565" in response.content.decode()
    assert Result.objects.get().value == 70
    unlock(world)  # 5401 and below, every indicator
    again = upload(client, book)
    assert again.status_code == 302, [line for line in again.content.decode().splitlines() if "error" in line]
    assert dict(Result.objects.values_list("indicator__code", "value")) == {"I-MEAN": 75, "I-RATIO": 75}


def test_the_policy_column_round_trips_and_refuses_a_negative_number(world, tmp_path):
    lock(20)
    exported = tmp_path / "all.xlsx"
    export_workbook(exported)
    ScoringPolicy.objects.all().delete()
    assert load_workbook(exported).tables["scoring_policy"].as_dict() == {"created": 1, "updated": 0, "unchanged": 0}
    assert ScoringPolicy.objects.get().lock_after_days == 20
    assert not load_workbook(exported).changed
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"scoring_policy": [{"fiscal_year": 2565, "lock_after_days": -1}]}), encoding="utf-8")
    with pytest.raises(WorkbookError) as refused:
        load_workbook(path)
    assert [(p.table, p.column) for p in refused.value.problems] == [("scoring_policy", "lock_after_days")]
    path.write_text(json.dumps({"scoring_policy": [{"fiscal_year": 2565}]}), encoding="utf-8")
    load_workbook(path)
    assert ScoringPolicy.objects.get().lock_after_days is None  # empty: periods never lock

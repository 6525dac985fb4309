"""Why a scorecard row has no value: not assigned, no criteria this year, not due yet, or due but not reported."""

from datetime import date

import pytest
from django.utils import translation

from govkpi.results.models import ReportingCalendar
from govkpi.scorecards.card import Scorer
from govkpi.scorecards.labels import reason_counts_text, reason_label
from govkpi.scorecards.loading import load_year
from govkpi.scorecards.reasons import (
    DATA_PROBLEM,
    NO_CRITERIA,
    NOT_ASSIGNED,
    NOT_DUE,
    NOT_REPORTED,
    REPORTED,
    Reason,
    Reasons,
    counts,
)

from .builders import make_criterion, make_indicator, make_result

pytestmark = pytest.mark.django_db

LATE = date(2023, 6, 1)  # fiscal year 2565 ended on 30 September 2022 (CE): everything has fallen due


def reasons_for(year: int = 2565, today: date = LATE) -> Reasons:
    return Reasons(load_year(year), today)


def test_an_indicator_anyone_may_report_is_due_but_not_reported(phrae):
    reasons = reasons_for()
    deaths = phrae.indicators["G02-1"]
    assert reasons.why(phrae.orgs["5403"].pk, deaths.pk).code == NOT_REPORTED


def test_an_indicator_reported_by_others_is_not_assigned(phrae):
    deaths = phrae.indicators["G02-1"]
    deaths.responsible.set([phrae.orgs["540101"], phrae.orgs["5402"]])
    reasons = reasons_for()
    assert reasons.why(phrae.orgs["5403"].pk, deaths.pk).code == NOT_ASSIGNED
    assert reasons.why(phrae.orgs["5401"].pk, deaths.pk).code == NOT_REPORTED  # a unit below reports it
    assert reasons.why(phrae.orgs["54"].pk, deaths.pk).code == NOT_REPORTED  # the province rolls it up


def test_an_indicator_with_criteria_for_another_organisation_only_has_no_criteria_here(phrae):
    own = make_indicator("G02-2", phrae.goals["G02"])
    make_criterion(2565, own, org=phrae.orgs["5402"])
    reasons = reasons_for()
    assert reasons.why(phrae.orgs["5403"].pk, own.pk).code == NO_CRITERIA
    assert reasons.why(phrae.orgs["5402"].pk, own.pk).code == NOT_REPORTED


def test_before_the_first_period_falls_due_it_is_not_due_yet(phrae):
    ReportingCalendar.objects.create(fiscal_year=2565, grace_days=15)
    deaths = phrae.indicators["G02-1"]  # quarterly: Q1 ends 31 Dec 2021 (CE), due 15 Jan 2022
    deaths.period_type = "quarter"
    deaths.save()
    org = phrae.orgs["5403"].pk
    assert reasons_for(today=date(2022, 1, 15)).why(org, deaths.pk) == Reason(NOT_DUE, date(2022, 1, 15))
    assert reasons_for(today=date(2022, 1, 16)).why(org, deaths.pk) == Reason(NOT_REPORTED, date(2022, 1, 15))


def test_a_yearly_indicator_is_due_after_the_year_and_its_grace_days(phrae):
    deaths = phrae.indicators["G02-1"]
    deaths.period_type = "year"
    deaths.save()
    reasons = reasons_for(today=date(2022, 9, 30))
    assert reasons.why(phrae.orgs["5403"].pk, deaths.pk).code == NOT_DUE
    assert reasons.first_due(deaths.pk) == date(2022, 10, 15)  # 30 Sep + the default 15 grace days


def test_mark_gives_every_row_of_a_card_a_reason_and_counts_them(phrae):
    phrae.indicators["G01-1"].responsible.set([phrae.orgs["54"]])
    make_result(phrae.indicators["G01-2"], phrae.orgs["5403"], "2565", numerator=1, denominator=2)
    data = load_year(2565)
    card = Scorer(data).card(phrae.orgs["5403"].pk)
    rows = [dict(row) for row in card["indicators"]]
    Reasons(data, LATE).mark(phrae.orgs["5403"].pk, rows)
    assert {row["code"]: row["reason"].code for row in rows} == {
        "G01-1": NOT_ASSIGNED,
        "G01-2": REPORTED,
        "G02-1": NOT_REPORTED,
    }
    assert counts(rows) == [(REPORTED, 1), (NOT_REPORTED, 1), (NOT_ASSIGNED, 1)]


def test_a_row_with_a_data_problem_says_so(phrae):
    data = load_year(2565)
    rows = [{"code": "G01-1", "value": None, "problem": {"code": "bad_period"}}]
    Reasons(data, LATE).mark(phrae.orgs["5403"].pk, rows)
    assert rows[0]["reason"].code == DATA_PROBLEM
    assert reason_label(rows[0]["reason"]) == ""  # the problem itself is said (`problems.describe`)


def test_it_costs_two_queries_whatever_the_number_of_rows(phrae, django_assert_num_queries):
    data = load_year(2565)
    with django_assert_num_queries(2):
        reasons = Reasons(data, LATE)
    with django_assert_num_queries(0):
        for org in phrae.orgs.values():
            for indicator in phrae.indicators.values():
                reasons.why(org.pk, indicator.pk)


def test_reasons_are_said_in_thai_and_english():
    due = Reason(NOT_DUE, date(2022, 1, 15))
    with translation.override("en"):
        assert reason_label(due) == "Not due yet (first report due 15 Jan 2565 BE)"
        assert reason_label(Reason(NOT_ASSIGNED)) == "Not assigned to this organisation"
        assert reason_counts_text([(REPORTED, 12), (NOT_ASSIGNED, 40)]) == [
            "12 indicators reported", "40 not assigned to this organisation"]
    with translation.override("th"):
        assert reason_label(due) == "ยังไม่ถึงกำหนดส่ง (ส่งรายงานครั้งแรก 15 ม.ค. 2565)"
        assert reason_label(Reason(NOT_ASSIGNED)) == "ไม่ได้มอบหมายให้หน่วยงานนี้"
        assert reason_label(Reason(NOT_REPORTED, date(2022, 1, 15))) == (
            "ถึงกำหนดส่งตั้งแต่ 15 ม.ค. 2565 แต่ยังไม่มีผลที่อนุมัติ")
        assert reason_label(Reason(NO_CRITERIA)) == "ไม่มีเกณฑ์สำหรับหน่วยงานนี้ในปีนี้"

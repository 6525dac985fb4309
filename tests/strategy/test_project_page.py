"""The public project page `/projects/<code>/`: progress per period, the cumulative disbursement curve against the
target (SVG with a table of the same figures), problems and suggestions per period — approved reports only — in
Thai and English; linked from the budget and plan pages; never a 500 on odd rows; queries bounded."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govkpi.strategy.models import Plan, PlanItem, ProjectProgress
from tests.strategy.progress_world import build_progress_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw():
    world = build_progress_world()
    ProjectProgress.objects.create(project=world.p1, period="2565-Q2", disbursed=250_000, committed=50_000,
                                   progress=35, status="delayed", problems="ฝนตกหนัก", suggestions="ขยายเวลา")
    ProjectProgress.objects.create(project=world.p1, period="2565-Q3", disbursed=1, progress=40, state="submitted",
                                   problems="ร่างยังไม่อนุมัติ")
    return world


def page(client, address="/projects/P-1/", lang="th"):
    response = client.get(address, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_sees_the_approved_progress_and_the_curve_in_thai(client, pw):
    html = page(client)
    assert '<html lang="th"' in html
    assert "ถนนลาดยาง" in html and "ฝนตกหนัก" in html and "ขยายเวลา" in html
    assert "350,000" in html  # disbursed by the end of Q2 (100,000 + 250,000)
    assert "ร่างยังไม่อนุมัติ" not in html  # a submitted report is not public
    assert '<svg' in html and 'role="img"' in html and 'aria-labelledby="curve-title curve-desc"' in html
    assert 'id="by-quarter"' in html and 'id="periods"' in html


def test_and_in_english_with_the_status_in_words(client, pw):
    html = page(client, lang="en")
    assert "Paved road" in html and "Behind the target" in html and "Delayed" in html
    assert "Not reported yet" in html  # Q3 and Q4: nothing approved


def test_the_quarter_figures_are_those_of_govkpi_budget(client, pw):
    from govkpi.strategy.pages import project_page
    from govkpi.strategy.services import budget

    quarters = {q["code"]: q for q in project_page("P-1")["quarters"]}
    for code in ("2565-Q1", "2565-Q2"):
        line = next(p for p in budget(2565, code)["projects"] if p["code"] == "P-1")
        assert (quarters[code]["disbursed"], quarters[code]["target_rate"], quarters[code]["behind"]) == (
            line["disbursed"], line["target_rate"], line["behind"])


def test_a_project_without_reports_or_allocation_says_so(client, pw):
    pw.p2.allocated = 0
    pw.p2.save()
    html = page(client, "/projects/P-2/", "en")
    assert 'id="no-progress"' in html and "<svg" not in html


def test_an_unknown_project_is_not_found(client, pw):
    assert client.get("/projects/NOPE/").status_code == 404


def test_rows_no_rule_accepts_do_not_break_it(client, pw):
    ProjectProgress.objects.create(project=pw.p1, period="junk", disbursed=5)
    ProjectProgress.objects.create(project=pw.p1, period="2570-Q1", disbursed=5, progress=200)
    assert "ฝนตกหนัก" in page(client)


def test_the_budget_and_plan_pages_link_to_it(client, pw):
    assert 'href="/projects/P-1/"' in page(client, "/budget/2565/")
    plan = Plan.objects.create(code="PP", title_th="แผน", level="province_plan", start_year=2565, end_year=2569)
    pw.p1.plan_item = PlanItem.objects.create(plan=plan, code="1", title_th="เศรษฐกิจ")
    pw.p1.save()
    assert 'href="/projects/P-1/"' in page(client, "/plans/PP/")


def test_its_queries_do_not_grow_with_the_periods(client, pw):
    with CaptureQueriesContext(connection) as few:
        page(client)
    for month in ("2565-M10", "2565-M11", "2565-M12"):  # Q4's months
        ProjectProgress.objects.create(project=pw.p1, period=month, disbursed=1000, progress=50)
    with CaptureQueriesContext(connection) as more:
        page(client)
    assert len(more) == len(few)

"""The public budget and plan pages: the figures of the services, behind said in words, Thai and English, bounded
queries, and no 500 for what the database holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govkpi.strategy.models import PlanItem, Project, ProjectProgress

pytestmark = pytest.mark.django_db


def test_the_budget_page_shows_totals_groups_and_projects(client, strategy):
    page = client.get("/budget/2565/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Budget disbursement" in page and "1,200,000" in page and "400,000" in page
    assert 'id="project-P2565-001" class="behind"' in page
    assert "Behind the target" in page  # words, not only a colour
    assert "ถนน" in page  # the project's title (no English title: the Thai one)
    thai = client.get("/budget/2565/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "ต่ำกว่าเป้าหมาย" in thai and "การเบิกจ่ายงบประมาณ" in thai


def test_the_budget_page_as_of_a_quarter_and_bad_input(client, strategy):
    page = client.get("/budget/2565/?as_of=2565-Q1", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'aria-current="page">Q1 FY2565' in page
    assert client.get("/budget/2565/?as_of=2566-Q1").status_code == 404
    assert client.get("/budget/2022/").status_code == 404
    empty = client.get("/budget/2570/", HTTP_ACCEPT_LANGUAGE="en")
    assert empty.status_code == 200 and "No project has been recorded" in empty.content.decode()


def test_the_budget_page_survives_a_period_no_rule_accepts(client, strategy):
    ProjectProgress.objects.filter(period="2565-Q1").update(period="junk")  # written some other way (SQL)
    assert client.get("/budget/2565/").status_code == 200


def test_the_budget_page_reads_a_fixed_number_of_queries(client, strategy):
    client.get("/budget/2565/")
    with CaptureQueriesContext(connection) as few:
        client.get("/budget/2565/")
    project = Project.objects.get(code="P2565-002")
    for number in range(3, 13):
        Project.objects.create(code=f"P2565-{number:03d}", fiscal_year=2565, title_th="โครงการ", org=project.org,
                               goal=None, allocated=1000)
    with CaptureQueriesContext(connection) as many:
        client.get("/budget/2565/")
    assert len(many) == len(few)


def test_the_plan_page_shows_the_hierarchy_tree_and_targets(client, results):
    page = client.get("/plans/PHRAE-2566-2570/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/plans/NS/"' in page  # the plan it serves
    assert 'id="item-1.1"' in page and "NS:2" in page  # an objective, and the national strategy item it serves
    assert 'href="/goals/G01/"' in page
    assert "Substantial progress" in page and "Deterioration" in page
    national = client.get("/plans/NS/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Served by" in national and "PHRAE-2566-2570:1" in national
    assert client.get("/plans/NOPE/").status_code == 404


def test_the_plan_page_survives_an_item_whose_parent_is_in_another_plan(client, results):
    item = PlanItem.objects.get(plan__code="PHRAE-2566-2570", code="1.1")
    item.parent = PlanItem.objects.get(plan__code="NS", code="2")
    item.save()
    assert client.get("/plans/PHRAE-2566-2570/").status_code == 200


@pytest.fixture
def results(tmp_path, db):
    from tests.workbook.conftest import run, write_json

    from .conftest import workbook
    from .test_commands import PROGRESS_RESULTS, PROGRESS_TARGETS

    tables = workbook(results=PROGRESS_RESULTS, targets=PROGRESS_TARGETS)
    status, _out, err = run("load", str(write_json(tmp_path / "p.json", tables)), "--lang", "en")
    assert status == 0, err


def test_the_plans_page_lists_plans_and_budget_years_and_is_in_the_navigation(client, strategy):
    page = client.get("/plans/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    codes = list(PlanItem.objects.values_list("plan__code", flat=True).distinct())
    assert codes and all(f'href="/plans/{code}/"' in page for code in codes)
    assert 'href="/budget/2565/"' in page
    assert 'href="/plans/"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()  # the site navigation
    assert "แผนและงบประมาณ" in client.get("/plans/", HTTP_ACCEPT_LANGUAGE="th").content.decode()


def test_the_budget_address_without_a_year_opens_the_newest(client, strategy):
    response = client.get("/budget/")
    assert response.status_code == 302 and response["Location"] == "/budget/2565/"
    Project.objects.all().delete()
    assert client.get("/budget/")["Location"] == "/plans/"
    empty = client.get("/plans/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No project is loaded yet" in empty


def test_a_long_year_lists_the_projects_furthest_behind_first_and_points_to_the_open_data(client, strategy,
                                                                                          monkeypatch):
    from govkpi.strategy import pages

    monkeypatch.setattr(pages, "PAGE_ROWS", 1)
    page = client.get("/budget/2565/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    import re

    assert re.findall(r'<tr id="project-[^"]+" class="(\w*)', page) == ["behind"]
    assert "Showing 1 of 2" in page and 'href="/open-data/projects/"' in page

"""The strategy cycle through the API (planning.md): the progress and budget objects are exactly what the commands
print, plans come with their items, projects filter by year, subtree and goal, and bad input is a 400 or 404."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from govkpi.demo.actions import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()


def command_json(*args: str) -> dict:
    out = StringIO()
    call_command(*args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_the_budget_is_what_govkpi_budget_prints(client, demo):
    response = client.get("/api/v1/budget/2565?as_of=2565-Q2")
    assert response.status_code == 200
    assert response.json() == command_json("budget", "--fiscal-year", "2565", "--as-of", "2565-Q2")
    assert response.json()["totals"]["projects"] > 0


def test_plan_progress_is_what_govkpi_plan_progress_prints(client, demo):
    response = client.get("/api/v1/plans/PHRAE-2566-2570/progress?org=5401")
    assert response.status_code == 200
    assert response.json() == command_json("plan", "progress", "--plan", "PHRAE-2566-2570", "--org", "5401")


def test_a_plan_comes_with_its_items_and_their_alignment(client, demo):
    plans = client.get("/api/v1/plans").json()["results"]
    assert {"NS", "NESDP13", "PHRAE-2566-2570"} <= {plan["code"] for plan in plans}
    plan = client.get("/api/v1/plans/PHRAE-2566-2570").json()
    assert plan["parent"] is not None and plan["items"]
    assert any(item["aligns"] for item in plan["items"])
    assert all(":" in reference for item in plan["items"] for reference in item["aligns"])


def test_projects_filter_by_year_subtree_and_goal(client, demo):
    everything = client.get("/api/v1/projects?fiscal_year=2565&page_size=100").json()
    assert everything["count"] == 30
    goal = everything["results"][0]["goal"]
    by_goal = client.get(f"/api/v1/projects?fiscal_year=2565&goal={goal}&page_size=100").json()
    assert by_goal["count"] == sum(1 for project in everything["results"] if project["goal"] == goal) > 0
    assert client.get("/api/v1/projects?fiscal_year=2500").json()["count"] == 0


@pytest.mark.parametrize(("address", "status"), [
    ("/api/v1/budget/2565?as_of=2565-M03", 400),
    ("/api/v1/budget/2565?as_of=2564-Q1", 400),
    ("/api/v1/budget/1999", 400),
    ("/api/v1/plans/NO-SUCH-PLAN", 404),
    ("/api/v1/plans/NO-SUCH-PLAN/progress", 404),
    ("/api/v1/plans/PHRAE-2566-2570/progress?org=nowhere", 404),
])
def test_bad_input_is_named_not_a_500(client, demo, address, status):
    assert client.get(address).status_code == status

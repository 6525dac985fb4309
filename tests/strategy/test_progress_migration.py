"""The workflow migration: progress rows that exist before it (loaded from the workbook, written in the admin)
become approved, so `govkpi budget` says the same after it as before."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("strategy", "0002_commentary_corrective_actions")]
AFTER = [("strategy", "0003_progress_workflow")]


def test_rows_stored_before_the_workflow_are_approved():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    org = old.get_model("orgs", "OrgUnit").objects.create(code="54", name_th="แพร่", kind="province", path="/54/")
    project = old.get_model("strategy", "Project").objects.create(code="P", fiscal_year=2565, title_th="ถนน",
                                                                  org=org, allocated=100)
    old.get_model("strategy", "ProjectProgress").objects.create(project=project, period="2565-Q1", disbursed=40)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from govkpi.strategy.models import ProjectProgress
    from govkpi.strategy.services import budget

    assert ProjectProgress.objects.get().state == "approved"
    assert budget(2565)["totals"]["disbursed"] == 40

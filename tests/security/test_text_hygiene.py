"""Text no database stores (NUL, half a surrogate pair) and pasted novels are refused with a located error at every
entry point — a workbook of any table, the entry page, the workflow's comments — and nothing is written."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from govkpi.orgs.models import OrgUnit
from govkpi.results import actions
from govkpi.results.models import Result
from govkpi.workbook.actions import load_workbook
from govkpi.workbook.messages import WorkbookError
from tests.results.builders import PASSWORD, build_world
from tests.results.helpers import draft
from tests.workbook.conftest import BASE

pytestmark = pytest.mark.django_db


def load_json(tmp_path, text, dry_run=False):
    path = tmp_path / "w.json"
    path.write_text(text, encoding="utf-8")
    with translation.override("en"):
        return load_workbook(path, dry_run=dry_run)


@pytest.mark.parametrize(("table", "column", "bad"), [
    ("org_units", "name_th", "แพร่\\u0000"),
    ("goals", "title_th", "\\ud800เศรษฐกิจ"),
    ("org_units", "x_note", "\\udfff"),
    ("results", "note", "a\\u0000b"),
])
@pytest.mark.parametrize("dry_run", [True, False])
def test_unstorable_text_in_any_table_is_located_and_nothing_loads(tmp_path, table, column, bad, dry_run):
    tables = json.loads(json.dumps(BASE))
    tables[table][0][column] = "PLACEHOLDER"
    text = json.dumps(tables, ensure_ascii=True).replace("PLACEHOLDER", bad)
    with pytest.raises(WorkbookError) as refused:
        load_json(tmp_path, text, dry_run=dry_run)
    with translation.override("en"):
        where = [str(problem) for problem in refused.value.problems]
    assert any(f"table {table}, row 1, column {column}" in line and "cannot be stored" in line for line in where), where
    assert not OrgUnit.objects.exists()


@pytest.mark.parametrize(("table", "column", "limit"), [("indicators", "definition_th", 10_000),
                                                       ("results", "note", 4_000)])
def test_a_pasted_novel_is_too_long(tmp_path, table, column, limit):
    tables = json.loads(json.dumps(BASE))
    tables[table][0][column] = "ก" * (limit + 1)
    with pytest.raises(WorkbookError) as refused:
        load_json(tmp_path, json.dumps(tables))
    with translation.override("en"):
        lines = [str(problem) for problem in refused.value.problems]
    assert any(f"column {column}" in line and f"longer than {limit}" in line for line in lines), lines


@pytest.fixture
def world(db):
    return build_world()


def test_the_entry_page_refuses_a_nul_in_the_note(world, client):
    client.login(username="rep5401", password=PASSWORD)
    response = client.post("/results/entry/5401/2565-Q1/", {f"value-{world.mean.pk}": "50",
                                                           f"note-{world.mean.pk}": "a\x00b"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert not Result.objects.exists()


def test_a_comment_or_reason_is_checked_like_any_text(world):
    result = draft(world)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    with pytest.raises(ValidationError) as refused:
        actions.return_result(result, acting_user=world.people["app5401"], channel="web", comment="x\x00")
    assert "comment" in refused.value.message_dict
    with pytest.raises(ValidationError):
        actions.approve_result(result, acting_user=world.people["app5401"], channel="web", comment="y" * 4001)
    result.refresh_from_db()
    assert result.status == "submitted"

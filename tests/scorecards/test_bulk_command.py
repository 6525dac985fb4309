"""`govkpi score --all-orgs`: the bulk engine's cards, streamed as JSON lines or as the same JSON list as before."""

import json

import pytest
from django.core.management import call_command

from govkpi.results.models import Result
from govkpi.scorecards.services import score_all

pytestmark = pytest.mark.django_db


def run(capsys, *args):
    call_command("score", "--fiscal-year", "2565", "--all-orgs", *args)
    return capsys.readouterr().out


def test_jsonl_is_one_card_a_line_in_tree_order(phrae, capsys):
    lines = run(capsys, "--format", "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == score_all(2565)
    assert [json.loads(line)["org"] for line in lines] == ["54", "5401", "540101", "5402"]


def test_the_json_list_is_the_text_it_always_was(phrae, capsys):
    assert run(capsys) == json.dumps(score_all(2565), ensure_ascii=False, indent=2) + "\n"


def test_no_value_anywhere_is_an_empty_list_and_no_lines(phrae, capsys):
    Result.objects.update(status="draft")
    assert run(capsys) == "[]\n"
    assert run(capsys, "--format", "jsonl") == ""
    assert "No organisation has a value" in run(capsys, "--format", "table", "--lang", "en")

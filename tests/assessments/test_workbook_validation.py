"""The workbook's assessments table checked against the framework configuration: errors load nothing; published
figures that disagree load and are flagged."""

import json

import pytest

from govkpi.assessments.models import Assessment
from govkpi.assessments.services import assess
from govkpi.orgs.models import OrgUnit
from govkpi.workbook.actions import load_workbook
from govkpi.workbook.messages import WorkbookError

pytestmark = pytest.mark.django_db
ORGS = [
    {"code": "54", "name_th": "จังหวัดแพร่", "kind": "province", "groups": "regional_administration"},
    {"code": "54-SAO-A", "name_th": "อบต.ก", "kind": "sao", "parent": "54", "groups": "sao;lao"},
]


def load(tmp_path, *rows: dict):
    path = tmp_path / "book.json"
    book = {"org_units": ORGS, "assessments": [{"fiscal_year": 2565, "org": "54-SAO-A", **row} for row in rows]}
    path.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    return load_workbook(path)


def problems(tmp_path, row: dict) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        load(tmp_path, row)
    assert not OrgUnit.objects.exists() and not Assessment.objects.exists()
    return [f"{p.column}:{p.code}" for p in caught.value.problems]


@pytest.mark.parametrize(
    ("row", "found"),
    [
        ({"framework": "nope"}, "framework:fw_unknown_framework"),
        ({"framework": "ita", "fiscal_year": 2560}, "framework:fw_unknown_framework"),
        ({"framework": "ita", "components": '{"IIT": 30.5}'}, "components:fw_component_out_of_range"),
        ({"framework": "ita", "components": '{"1": 101}'}, "components:fw_component_out_of_range"),
        ({"framework": "ita", "components": '{"X": 1}'}, "components:fw_unknown_component"),
        ({"framework": "ita", "score": 101}, "score:fw_score_out_of_range"),
        ({"framework": "ita", "level": "AAA"}, "level:fw_unknown_level"),
        ({"framework": "gecc", "level": "ระดับทอง"}, "level:fw_unknown_level"),
        ({"framework": "ita", "rank": 1, "rank_group": "pao"}, "rank_group:fw_rank_group_not_member"),
    ],
)
def test_bad_input_is_an_error_and_nothing_loads(tmp_path, row, found):
    assert problems(tmp_path, row) == [found]


def test_the_message_names_the_allowed_levels(tmp_path):
    with pytest.raises(WorkbookError) as caught:
        load(tmp_path, {"framework": "ita", "level": "AAA"})
    assert "AA, A, B, C, D, E, F" in caught.value.messages()[0]


def test_a_rank_group_of_an_organisation_already_in_the_database_is_accepted(tmp_path):
    load(tmp_path, {"framework": "ita", "score": 90})
    path = tmp_path / "rank.json"
    row = {"framework": "ita", "fiscal_year": 2565, "org": "54-SAO-A", "score": 90, "rank": 3, "rank_group": "sao"}
    path.write_text(json.dumps({"assessments": [row]}), encoding="utf-8")
    load_workbook(path)
    assert Assessment.objects.get().rank_group == "sao"


def test_a_valid_published_score_and_level_that_disagree_load_and_are_flagged(tmp_path):
    load(tmp_path, {"framework": "ita", "score": 96, "level": "AA", "components": '{"IIT": 27, "EIT": 27, "OIT": 36}'})
    row = assess("ita", 2565)["organisations"][0]
    assert Assessment.objects.get().score == 96
    assert (row["score"], row["level"], row["published_level"]) == (90, "A", "AA")
    assert len(row["flags"]) == 2


def test_a_published_rank_better_than_the_records_allow_loads_and_is_flagged(tmp_path):
    load(tmp_path, {"framework": "ita", "score": 80, "rank": 1, "rank_group": "sao"})
    path = tmp_path / "other.json"
    other = {"code": "54-SAO-B", "name_th": "อบต.ข", "kind": "sao", "parent": "54", "groups": "sao"}
    row = {"framework": "ita", "fiscal_year": 2565, "org": "54-SAO-B", "score": 95}
    path.write_text(json.dumps({"org_units": [other], "assessments": [row]}, ensure_ascii=False), encoding="utf-8")
    load_workbook(path)
    flagged = {row["org"]: row["flags"] for row in assess("ita", 2565)["organisations"]}
    assert len(flagged["54-SAO-A"]) == 1 and flagged["54-SAO-B"] == []


def test_level_aliases_load(tmp_path):
    load(tmp_path, {"framework": "gecc", "level": "ก้าวหน้า"})
    assert assess("gecc", 2565)["organisations"][0]["level"] == "ระดับก้าวหน้า"

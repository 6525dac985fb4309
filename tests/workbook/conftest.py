"""Small workbooks built in each test, and helpers to load them the way a user does (the `load` command)."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.apps import apps
from django.core.management import CommandError, call_command
from openpyxl import Workbook

Tables = dict[str, list[dict[str, Any]]]

BASE: Tables = {
    "org_units": [
        {"code": "54", "name_th": "จังหวัดแพร่", "name_en": "Phrae", "kind": "province",
         "groups": "regional_administration"},
        {"code": "5401", "name_th": "อำเภอเมืองแพร่", "kind": "district", "parent": "54", "groups": "district"},
        {"code": "5402", "name_th": "อำเภอร้องกวาง", "kind": "district", "parent": "54", "x_note": "ภาคเหนือ"},
    ],
    "goals": [
        {"code": "G01", "title_th": "เศรษฐกิจ", "sdg": "8.5;1.2", "owner": "54"},
    ],
    "indicators": [
        {"code": "G01-1", "goal": "G01", "name_th": "รายได้", "unit": "บาท", "direction": "higher_is_better",
         "aggregation": "sum", "sdg": "8.5.1", "responsible": "5401;5402"},
        {"code": "G01-2", "goal": "G01", "name_th": "อัตราตาย", "unit": "ร้อยละ", "direction": "lower_is_better",
         "aggregation": "ratio", "multiplier": 100, "period_type": "year"},
    ],
    "scoring_policy": [
        {"fiscal_year": 2565, "interpolation": "linear", "floor": 0, "missing": "exclude"},
    ],
    "criteria": [
        {"fiscal_year": 2565, "indicator": "G01-1", "weight": 5, "level1": 60, "level2": 70, "level3": 80,
         "level4": 90, "level5": 100, "target": 80},
        {"fiscal_year": 2565, "indicator": "G01-2", "org": "5401", "weight": 2.5, "level1": 20, "level2": 15,
         "level3": 10, "level4": 5, "level5": 0},
    ],
    "results": [
        {"indicator": "G01-1", "org": "5401", "period": "2565-Q1", "value": "1,234.5"},
        {"indicator": "G01-1", "org": "5401", "period": "2565-Q2", "value": 80},
        {"indicator": "G01-1", "org": "5401", "period": "2565", "value": 85.25, "status": "submitted"},
        {"indicator": "G01-2", "org": "5402", "period": "2565", "numerator": 3, "denominator": 200, "value": 1.5,
         "evidence_url": "https://example.org/report.pdf"},
    ],
    "assessments": [
        {"framework": "ita", "fiscal_year": 2565, "org": "54", "score": 99.15, "level": "AA",
         "components": '{"IIT": 29.85, "EIT": 29.3, "OIT": 40}', "rank": 2, "rank_group": "regional_administration"},
    ],
    "awards": [
        {"fiscal_year": 2565, "category": "ita", "title_th": "รางวัล ITA", "issuer": "สำนักงาน ป.ป.ช.",
         "recipient": "54", "level": "AA", "date": "20/9/2565", "quantity": 1},
    ],
    "claims": [
        {"fiscal_year": 2565, "metric": "awards.total", "value": 71, "source": "ข่าวประชาสัมพันธ์"},
    ],
}

MODELS = [
    "orgs.OrgUnit", "orgs.PeerGroup", "plans.Goal", "plans.Indicator", "plans.Criterion", "plans.ScoringPolicy",
    "results.Result", "assessments.Assessment", "awards.Award", "claims.Claim", "audit.AuditEvent",
]


def base(**changes: list[dict[str, Any]]) -> Tables:
    """A copy of BASE with some tables replaced."""
    tables = copy.deepcopy(BASE)
    tables.update(changes)
    return tables


def counts() -> dict[str, int]:
    """Rows of every model the workbook touches (and the M2M links), to show that nothing was written."""
    result = {name: apps.get_model(name).objects.count() for name in MODELS}
    result["groups"] = apps.get_model("orgs.OrgUnit").groups.through.objects.count()
    result["responsible"] = apps.get_model("plans.Indicator").responsible.through.objects.count()
    return result


def write_json(path: Path, tables: Tables) -> Path:
    path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    return path


def write_yaml(path: Path, tables: Tables) -> Path:
    path.write_text(yaml.safe_dump(tables, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_xlsx(path: Path, tables: Tables, edit: Callable[[Workbook], None] | None = None) -> Path:
    """One sheet per table, the union of the rows' keys as row 1; `edit` may change the book before saving."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        columns = list(dict.fromkeys(key for row in rows for key in row))
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column) for column in columns])
    if edit is not None:
        edit(book)
    book.save(path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    """Run a govkpi command; returns (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
        return error.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def loaded(tmp_path: Path, db: None) -> Tables:
    """BASE loaded into the database."""
    status, _out, err = run("load", str(write_json(tmp_path / "base.json", BASE)), "--lang", "en")
    assert status == 0, err
    return BASE


def empty_database() -> None:
    """Delete every row a workbook can hold (not the SDG catalogue or the audit log), children first."""
    for name in ["results.Result", "plans.Criterion", "assessments.Assessment", "awards.Award", "claims.Claim",
                 "plans.ScoringPolicy", "plans.Indicator", "plans.Goal", "events.Event"]:
        apps.get_model(name).objects.all().delete()
    org_unit = apps.get_model("orgs.OrgUnit")
    org_unit.objects.update(parent=None)
    org_unit.objects.all().delete()
    apps.get_model("orgs.PeerGroup").objects.all().delete()

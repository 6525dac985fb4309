"""A small workbook with the strategy tables (planning.md), on top of the workbook tests' BASE."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.workbook.conftest import BASE, Tables, run, write_json

STRATEGY: Tables = {
    "plans": [
        {"code": "NS", "title_th": "ยุทธศาสตร์ชาติ", "title_en": "National Strategy", "level": "national_strategy",
         "start_year": 2561, "end_year": 2580},
        {"code": "PHRAE-2566-2570", "title_th": "แผนพัฒนาจังหวัดแพร่", "level": "province_plan",
         "start_year": 2566, "end_year": 2570, "parent": "NS", "x_note": "illustrative"},
    ],
    "plan_items": [
        {"plan": "NS", "code": "2", "title_th": "ด้านการสร้างความสามารถในการแข่งขัน"},
        {"plan": "PHRAE-2566-2570", "code": "1", "title_th": "เศรษฐกิจ", "aligns": "NS:2", "goals": "G01"},
        {"plan": "PHRAE-2566-2570", "code": "1.1", "title_th": "รายได้", "parent": "1"},
    ],
    "targets": [
        {"indicator": "G01-1", "fiscal_year": 2565, "target": 80, "plan": "PHRAE-2566-2570"},
        {"indicator": "G01-1", "fiscal_year": 2566, "target": 85},
        {"indicator": "G01-1", "org": "5401", "fiscal_year": 2566, "target": 90},
    ],
    "projects": [
        {"code": "P2565-001", "fiscal_year": 2565, "title_th": "ถนน", "org": "5401", "goal": "G01",
         "indicators": "G01-2;G01-1", "plan_item": "PHRAE-2566-2570:1.1", "budget_source": "province",
         "kind": "investment", "allocated": "1,000,000", "start": "2021-11-01", "end": "30/9/2565"},
        {"code": "P2565-002", "fiscal_year": 2565, "title_th": "อบรม", "org": "5402", "kind": "operating",
         "allocated": 200000},
    ],
    "project_progress": [
        {"project": "P2565-001", "period": "2565-Q1", "disbursed": 100000, "progress": 10, "status": "on_track"},
        {"project": "P2565-001", "period": "2565-Q2", "disbursed": 250000, "committed": 50000, "progress": 35,
         "status": "delayed", "problems": "ฝนตก", "suggestions": "เร่งรัด"},
        {"project": "P2565-002", "period": "2565-M03", "disbursed": 50000, "progress": 20},
    ],
    "disbursement_targets": [
        {"fiscal_year": 2565, "period": "2565-Q1", "share": 0.2},
        {"fiscal_year": 2565, "period": "2565-Q2", "share": 0.45},
        {"fiscal_year": 2565, "period": "2565-Q2", "kind": "investment", "share": 0.4},
    ],
}


def workbook(**changes: list[dict[str, Any]]) -> Tables:
    """BASE and STRATEGY, with some tables replaced."""
    tables = copy.deepcopy({**BASE, **STRATEGY})
    tables.update(copy.deepcopy(changes))
    return tables


@pytest.fixture
def strategy(tmp_path, db) -> Tables:
    tables = workbook()
    status, _out, err = run("load", str(write_json(tmp_path / "strategy.json", tables)), "--lang", "en")
    assert status == 0, err
    return tables

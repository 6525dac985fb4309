"""Deterministic synthetic workbooks on the real admin areas, for benchmarks.

`workbook(results=100_000)` gives a workbook (the dict of tables of workbook.md) whose `results` table holds exactly
that many rows: 12 goals × 4 indicators, quarterly results of fiscal year 2565 for as many subdistricts as needed,
taken province by province from the official admin data; districts and provinces roll up.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from govkpi.orgs.admin_areas import areas

FISCAL_YEAR = 2565
GOALS = 12
INDICATORS_PER_GOAL = 4
QUARTERS = [f"{FISCAL_YEAR}-Q{q}" for q in range(1, 5)]
AGGREGATIONS = ["ratio", "sum", "mean", "last"]


def _indicators() -> list[dict]:
    rows = []
    for g in range(1, GOALS + 1):
        for i in range(1, INDICATORS_PER_GOAL + 1):
            aggregation = AGGREGATIONS[(g + i) % 4]
            rows.append(
                {
                    "code": f"G{g:02d}-{i}",
                    "goal": f"G{g:02d}",
                    "name_th": f"ตัวชี้วัดทดสอบ {g}.{i}",
                    "unit": "ร้อยละ" if aggregation == "ratio" else "หน่วย",
                    "direction": "lower_is_better" if i == 4 else "higher_is_better",
                    "aggregation": aggregation,
                    "period_type": "quarter",
                }
            )
    return rows


def workbook(results: int = 100_000, seed: int = 2565) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    indicators = _indicators()
    per_org = len(indicators) * len(QUARTERS)
    leaves_needed = -(-results // per_org)
    every = areas()
    leaves = [a for a in every if a.kind == "subdistrict"][:leaves_needed]
    used = {a.parent for a in leaves}
    districts = [a for a in every if a.code in used]
    provinces = {a.parent for a in districts}
    orgs = [a for a in every if a.code in provinces] + districts + leaves
    org_rows = [
        {"code": a.code, "name_th": a.name_th, "name_en": a.name_en, "kind": a.kind, "parent": a.parent}
        for a in orgs
    ]
    for row in org_rows:
        if row["parent"] is None:
            del row["parent"]
    criteria = []
    for ind in indicators:
        levels = [20, 40, 60, 80, 100] if ind["direction"] == "higher_is_better" else [100, 80, 60, 40, 20]
        criteria.append(
            {"fiscal_year": FISCAL_YEAR, "indicator": ind["code"], "weight": rng.randint(1, 5)}
            | {f"level{k}": v for k, v in enumerate(levels, 1)}
        )
    result_rows = []
    for leaf in leaves:
        for ind in indicators:
            for period in QUARTERS:
                if len(result_rows) == results:
                    break
                row = {"indicator": ind["code"], "org": leaf.code, "period": period}
                if ind["aggregation"] == "ratio":
                    denominator = rng.randint(50, 500)
                    row |= {"numerator": rng.randint(0, denominator), "denominator": denominator}
                else:
                    row["value"] = round(rng.uniform(0, 120), 2)
                result_rows.append(row)
    return {
        "org_units": org_rows,
        "goals": [{"code": f"G{g:02d}", "title_th": f"เป้าหมายทดสอบ {g}"} for g in range(1, GOALS + 1)],
        "indicators": indicators,
        "criteria": criteria,
        "results": result_rows,
    }


def write_json(book: dict, path: Path) -> Path:
    path.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    return path


def write_xlsx(book: dict, path: Path) -> Path:
    from openpyxl import Workbook

    xlsx = Workbook(write_only=True)
    for table, rows in book.items():
        sheet = xlsx.create_sheet(table)
        columns = list(dict.fromkeys(key for row in rows for key in row))
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column) for column in columns])
    xlsx.save(path)
    return path

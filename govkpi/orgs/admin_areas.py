"""Thailand's provinces, districts and subdistricts from the shipped official data (govkpi/data/thai-admin-areas, MIT).

The source numbers provinces 1…77 in its own order; the official province code is the first two digits of its
districts' codes (Phrae: 54, districts 5401…5408, subdistricts 540101…).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "thai-admin-areas"


@dataclass(frozen=True)
class Area:
    code: str
    name_th: str
    name_en: str
    kind: str  # province, district or subdistrict
    parent: str | None


def _rows(name: str) -> Iterator[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row.get("deleted_at"):
                yield row


BANGKOK = "10"


def _names(kind: str, code: str, name_th: str, name_en: str) -> tuple[str, str]:
    """Official styles: จังหวัดแพร่ / อำเภอลอง / ตำบลห้วยอ้อ; Bangkok's เขต and แขวง already carry their word."""
    if code[:2] == BANGKOK:
        return ("แขวง" if kind == "subdistrict" else "") + name_th, name_en
    prefix_th, suffix_en = {
        "province": ("จังหวัด", " Province"),
        "district": ("อำเภอ", " District"),
        "subdistrict": ("ตำบล", " Subdistrict"),
    }[kind]
    return f"{prefix_th}{name_th}", f"{name_en}{suffix_en}" if name_en else ""


def _area(code: str, name_th: str, name_en: str, kind: str, parent: str | None) -> Area:
    return Area(code, *_names(kind, code, name_th.strip(), name_en.strip()), kind, parent)


def areas(province: str | None = None) -> list[Area]:
    """Every area (or one province's), parents before children, with official Thai and English names."""
    districts = list(_rows("districts.csv"))
    province_code = {row["province_id"]: row["id"][:2] for row in districts}
    result = [
        _area(province_code[row["id"]], row["name_th"], row["name_en"], "province", None)
        for row in _rows("provinces.csv")
        if row["id"] in province_code
    ]
    result += [_area(row["id"], row["name_th"], row["name_en"], "district", row["id"][:2]) for row in districts]
    result += [
        _area(row["id"], row["name_th"], row["name_en"], "subdistrict", row["district_id"])
        for row in _rows("sub_districts.csv")
    ]
    if province is not None:
        result = [area for area in result if area.code[:2] == province]
    return result

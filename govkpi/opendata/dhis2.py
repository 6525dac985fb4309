"""DHIS2 exchange: approved results as a ``dataValueSets`` JSON document, and such a document back into results.

Codes differ between the systems, so a mapping file (YAML or JSON) pairs them::

    dataElements: {G01-1: hotspots01}        # indicator code → DHIS2 data element id
    orgUnits: {"54": PhraeProv01}            # organisation code → DHIS2 org unit id
    categoryOptionCombo: HllvX50cXC0         # optional, for every value
    attributeOptionCombo: HllvX50cXC0        # optional

Periods follow DHIS2's period ids with the October financial year: fiscal year 2565 (1 Oct 2021 – 30 Sep 2022) is
``2021Oct``; its Q1 (Oct–Dec 2021) the calendar quarter ``2021Q4``; its M01 the month ``202110``; its H1 (Oct 2021 –
Mar 2022) the April six-month ``2021AprilS2`` and its H2 ``2022AprilS1``.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import AbstractBaseUser

from govkpi.core.periods import Period, PeriodError, PeriodKind, parse_period
from govkpi.core.results import check_number
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result

BE_OFFSET = 543
_FINANCIAL_OCT = re.compile(r"(\d{4})Oct")
_QUARTER = re.compile(r"(\d{4})Q([1-4])")
_MONTH = re.compile(r"(\d{4})(\d{2})")
_SIX_APRIL = re.compile(r"(\d{4})AprilS([12])")


class Dhis2Error(ValueError):
    pass


def to_dhis2_period(code: str) -> str:
    """A govkpi period code as a DHIS2 period id (``2565`` → ``2021Oct``, ``2565-Q1`` → ``2021Q4``)."""
    period = parse_period(code)
    start = period.start
    if period.kind is PeriodKind.YEAR:
        return f"{start.year}Oct"
    if period.kind is PeriodKind.QUARTER:
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    if period.kind is PeriodKind.MONTH:
        return f"{start.year}{start.month:02d}"
    return f"{start.year}AprilS{1 if start.month == 4 else 2}"  # halves: April six-months


def from_dhis2_period(pid: str) -> str:
    """A DHIS2 period id as a govkpi period code (the inverse of :func:`to_dhis2_period`)."""
    if match := _FINANCIAL_OCT.fullmatch(pid):
        return str(int(match.group(1)) + 1 + BE_OFFSET)
    if match := _QUARTER.fullmatch(pid):
        year, quarter = int(match.group(1)), int(match.group(2))
        fiscal = year + BE_OFFSET + (1 if quarter == 4 else 0)
        return f"{fiscal}-Q{quarter % 4 + 1}"
    if match := _SIX_APRIL.fullmatch(pid):
        year, half = int(match.group(1)), int(match.group(2))
        return f"{year + BE_OFFSET + 1}-H1" if half == 2 else f"{year + BE_OFFSET}-H2"
    if match := _MONTH.fullmatch(pid):
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            fiscal = year + BE_OFFSET + (1 if month >= 10 else 0)
            return f"{fiscal}-M{(month - 10) % 12 + 1:02d}"
    raise Dhis2Error(f"unsupported DHIS2 period {pid!r}: use yyyyOct, yyyyQn, yyyyMM or yyyyAprilSn")


@dataclass
class Mapping:
    data_elements: dict[str, str]
    org_units: dict[str, str]
    category_option_combo: str = ""
    attribute_option_combo: str = ""

    @classmethod
    def read(cls, path: str | Path) -> Mapping:
        text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("dataElements"), dict)
            or not isinstance(data.get("orgUnits"), dict)
        ):
            raise Dhis2Error("the mapping needs the objects dataElements and orgUnits")
        return cls(
            {str(k): str(v) for k, v in data["dataElements"].items()},
            {str(k): str(v) for k, v in data["orgUnits"].items()},
            str(data.get("categoryOptionCombo") or ""),
            str(data.get("attributeOptionCombo") or ""),
        )


@dataclass
class Exported:
    document: dict[str, Any]
    skipped: int = 0  # approved results whose indicator or organisation has no mapping
    refused: int = 0  # approved results that break the rules (SQL, a restore): see `govkpi check-data`


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def export_values(fiscal_year: int, mapping: Mapping) -> Exported:
    """Approved results of ``fiscal_year`` as ``{"dataValues": [...]}``, in a stable order."""
    rows = (
        Result.objects.filter(fiscal_year=fiscal_year, status=ResultStatus.APPROVED, value__isnull=False)
        .order_by("indicator__code", "org__code", "period")
        .values_list("indicator__code", "org__code", "period", "value", "note")
    )
    values: list[dict[str, str]] = []
    skipped = refused = 0
    for indicator, org, period, value, note in rows:
        element, unit = mapping.data_elements.get(indicator), mapping.org_units.get(org)
        if element is None or unit is None:
            skipped += 1
            continue
        try:
            pid = to_dhis2_period(period)
        except PeriodError:  # a period no rule accepts: nothing DHIS2 could file it under
            refused += 1
            continue
        if check_number(value, "value") is not None:  # infinite, NaN or beyond ±10¹⁵
            refused += 1
            continue
        item = {"dataElement": element, "period": pid, "orgUnit": unit, "value": _number(value)}
        if mapping.category_option_combo:
            item["categoryOptionCombo"] = mapping.category_option_combo
        if mapping.attribute_option_combo:
            item["attributeOptionCombo"] = mapping.attribute_option_combo
        if note:
            item["comment"] = note
        values.append(item)
    return Exported({"dataValues": values}, skipped, refused)


@dataclass
class Imported:
    rows: list[dict[str, Any]] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


def to_results(document: dict[str, Any], mapping: Mapping) -> Imported:
    """A dataValueSets document as workbook ``results`` rows; values whose codes have no mapping are listed."""
    indicators = {element: code for code, element in mapping.data_elements.items()}
    orgs = {unit: code for code, unit in mapping.org_units.items()}
    found = Imported()
    values = document.get("dataValues")
    if not isinstance(values, list):
        raise Dhis2Error("not a dataValueSets document: it has no dataValues list")
    for index, item in enumerate(values, start=1):
        indicator, org = indicators.get(item.get("dataElement")), orgs.get(item.get("orgUnit"))
        if indicator is None or org is None:
            found.unmapped.append(f"{index}: {item.get('dataElement')} / {item.get('orgUnit')}")
            continue
        row = {
            "indicator": indicator,
            "org": org,
            "period": from_dhis2_period(str(item.get("period", ""))),
            "value": item.get("value"),
        }
        if item.get("comment"):
            row["note"] = item["comment"]
        found.rows.append(row)
    return found


def _keep_what_dhis2_does_not_carry(rows: list[dict[str, Any]]) -> None:
    """A result already held keeps its status, evidence and note (and, for an unchanged value, its ratio parts):
    a DHIS2 value carries only the number."""
    indicators = {row["indicator"] for row in rows}
    held = {
        (r["indicator__code"], r["org__code"], r["period"]): r
        for r in Result.objects.filter(indicator__code__in=indicators).values(
            "indicator__code",
            "org__code",
            "period",
            "value",
            "numerator",
            "denominator",
            "status",
            "note",
            "evidence_url",
        )
    }
    for row in rows:
        before = held.get((row["indicator"], row["org"], row["period"]))
        if before is None:
            continue
        row["status"] = before["status"]
        row.setdefault("note", before["note"])
        if before["evidence_url"]:
            row["evidence_url"] = before["evidence_url"]
        same = before["value"] is not None and _number(before["value"]) == _number(float(row["value"]))
        if same and before["denominator"] is not None:
            row["numerator"], row["denominator"] = before["numerator"], before["denominator"]


def import_values(
    document: dict[str, Any],
    mapping: Mapping,
    *,
    acting_user: AbstractBaseUser | None,
    channel: str,
    dry_run: bool = False,
) -> tuple[Any, Imported]:
    """Load the values through the workbook loader (the same validation, all-or-nothing, audited)."""
    from govkpi.workbook.actions import load_workbook

    imported = to_results(document, mapping)
    if imported.unmapped:
        raise Dhis2Error("no mapping for " + "; ".join(imported.unmapped[:10]))
    _keep_what_dhis2_does_not_carry(imported.rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dhis2-datavalues.json"
        path.write_text(json.dumps({"results": imported.rows}, ensure_ascii=False), encoding="utf-8")
        report = load_workbook(path, acting_user=acting_user, channel=channel, dry_run=dry_run)
    return report, imported


__all__ = [
    "Dhis2Error",
    "Mapping",
    "Period",
    "export_values",
    "from_dhis2_period",
    "import_values",
    "to_dhis2_period",
    "to_results",
]

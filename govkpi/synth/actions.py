"""Writing synthetic data: to a workbook file, or into the database in one transaction.

The organisations, goals, indicators, criteria and assessments always go through `load_workbook` (full
validation). The results of the small scale do too. The millions of national results stream through the results
action `stream_results` (each row checked by the same rules, COPY on PostgreSQL, history and audit) in the same
transaction, so a failed load leaves nothing behind.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from govkpi.audit.actions import record
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from govkpi.results.actions import stream_results
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result
from govkpi.workbook import fast
from govkpi.workbook.actions import load_workbook

from .generate import SCALES, result_rows, results, structure

# Up to this many results go through the full workbook validation; more stream through the bulk path.
VALIDATED_RESULTS = 200_000


@dataclass(frozen=True)
class SynthReport:
    scale: str
    seed: int
    organisations: int
    indicators: int
    results: int
    assessments: int


def write_json(path: Path, scale_name: str, seed: int, fraction: float = 1.0) -> SynthReport:
    """Write the synthetic workbook as JSON, streaming the results so memory stays flat at any size."""
    scale = SCALES[scale_name]
    tables = structure(scale, seed)
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("{")
        for name, rows in tables.items():
            handle.write(f"{json.dumps(name)}: {json.dumps(rows, ensure_ascii=False)}, ")
        handle.write('"results": [')
        for row in result_rows(scale, seed, fraction):
            handle.write((",\n" if count else "\n") + json.dumps(row, ensure_ascii=False))
            count += 1
        handle.write("\n]}\n")
    return SynthReport(
        scale_name, seed, len(tables["org_units"]), len(tables["indicators"]), count, len(tables["assessments"])
    )


def _load_tables(tables: dict[str, list[dict[str, object]]], name: str, **action: object) -> None:
    """Load tables in memory through the workbook loader (a JSON file in a private temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="govkpi-synth-") as folder:
        path = Path(folder) / name
        path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
        load_workbook(path, **action)  # type: ignore[arg-type]


@transaction.atomic
def load_synthetic(
    scale_name: str,
    seed: int = 1,
    fraction: float = 1.0,
    *,
    acting_user: AbstractBaseUser | None = None,
    channel: str = "cli",
) -> SynthReport:
    """Generate and load the synthetic data into the database (which should hold no other data of the year)."""
    scale = SCALES[scale_name]
    tables = structure(scale, seed)
    rows = list(result_rows(scale, seed, fraction)) if scale_name == "small" else []
    if len(rows) > VALIDATED_RESULTS:
        rows = []
    _load_tables(
        {**tables, "results": rows}, f"synth-{scale_name}-{seed}.json", acting_user=acting_user, channel=channel
    )
    count = len(rows)
    if not rows:
        count = _copy_results(scale_name, seed, fraction, acting_user=acting_user, channel=channel)
    for model in (OrgUnit, Result):
        fast.analyze(model)
    report = SynthReport(
        scale_name, seed, len(tables["org_units"]), len(tables["indicators"]), count, len(tables["assessments"])
    )
    record(
        acting_user=acting_user,
        channel=channel,
        action="synth.load",
        object_type="synthetic_data",
        object_key=f"{scale_name}/{seed}",
        changes={"fraction": fraction, "results": count},
    )
    return report


def _copy_results(scale_name: str, seed: int, fraction: float, *, acting_user: AbstractBaseUser | None,
                  channel: str) -> int:
    """The national results, streamed through the results action (checked row by row, history and audit)."""
    orgs = dict(OrgUnit.objects.values_list("code", "id"))
    inds = dict(Indicator.objects.values_list("code", "id"))
    approved = str(ResultStatus.APPROVED)
    rows = (
        (inds[indicator], orgs[org], period, value, numerator, denominator, approved)
        for indicator, org, period, value, numerator, denominator in results(SCALES[scale_name], seed, fraction)
    )
    return stream_results(rows, acting_user=acting_user, channel=channel, source=f"synth-{scale_name}-{seed}")

"""Loading a workbook into the database: validate everything, then upsert by key in one transaction.

A workbook adds and updates; it never deletes. Rows are compared with what the database holds and only what
changed is written, so loading the same file twice changes nothing. One audit event records each load that changed
something: per-table counts and the file's sha256.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govkpi.audit.actions import record
from govkpi.ops.progress import SILENT, Bar, Progress
from govkpi.orgs.actions import ensure_groups, rebuild_paths
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from govkpi.results.actions import import_results
from govkpi.strategy import workbook as strategy

from . import fast
from .checks import period_year
from .messages import Problems, WorkbookError
from .readers import RawWorkbook, read_workbook
from .schema import EXTRA_PREFIX, TABLES
from .store import M2M, MODELS, Existing, attname, existing, has_extra, stored_columns
from .validate import Plan, Row, validate
from .values import same

BATCH = 2000
ANALYZE_AFTER = 10_000  # rows created in one table: refresh the database's statistics of it


@dataclass
class TableCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class LoadReport:
    """What a load did (or, for a dry run, would do), per table in table order."""

    tables: dict[str, TableCounts] = field(default_factory=dict)
    sha256: str = ""
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(counts.created or counts.updated for counts in self.tables.values())

    def as_dict(self) -> dict[str, Any]:
        return {"tables": {name: counts.as_dict() for name, counts in self.tables.items()}, "sha256": self.sha256}


@dataclass
class Changes:
    create: list[Row] = field(default_factory=list)
    update: list[tuple[int, Row]] = field(default_factory=list)
    unchanged: int = 0
    m2m: list[tuple[Row, int | None]] = field(default_factory=list)  # rows whose M2M list must be written

    def counts(self) -> TableCounts:
        return TableCounts(len(self.create), len(self.update), self.unchanged)


def load_workbook(
    workbook: str | Path | RawWorkbook,
    *,
    acting_user: AbstractBaseUser | None = None,
    channel: str = "cli",
    dry_run: bool = False,
    progress: Progress = SILENT,
) -> LoadReport:
    """Validate and load a workbook file (or one already read). Raises WorkbookError, having written nothing,
    if anything in it is wrong. A dry run validates and reports the same way and writes nothing. ``progress``
    is told the stages (reading, checking, comparing, writing) and their rows (:mod:`govkpi.ops.progress`)."""
    problems = Problems()
    if isinstance(workbook, RawWorkbook):
        raw = workbook
    else:
        with progress.stage(_("reading the workbook")) as bar:
            raw = read_workbook(workbook, problems, bar)
            bar.done = _rows(raw)
    if problems:
        raise WorkbookError(problems)
    problems.file, problems.sheet = raw.path.name, raw.format == "xlsx"
    with transaction.atomic():
        with progress.stage(_("checking the rows"), total=_rows(raw)) as bar:
            plan = validate(raw, problems, bar=bar)
        if problems:
            raise WorkbookError(problems)
        progress.release()
        changes: dict[str, Changes] = {}
        with progress.stage(_("comparing with the database"), total=sum(map(len, plan.tables.values()))) as bar:
            for name, rows in plan.tables.items():
                changes[name] = diff(name, rows, plan)
                bar.advance(len(rows))
        report = LoadReport({name: c.counts() for name, c in changes.items()}, raw.sha256, dry_run)
        if dry_run or not report.changed:
            return report
        now = timezone.now()
        writes = sum(len(c.create) + len(c.update) for c in changes.values())
        with progress.stage(_("writing the changes"), total=writes) as bar:
            for name, table_changes in changes.items():
                if name == "results":  # the results action advances the bar batch by batch
                    _import_results(table_changes, plan, now, acting_user=acting_user, channel=channel,
                                    source=raw.path.name, progress=_Within(bar))
                    continue
                if name in strategy.MODELS:
                    strategy.write(name, table_changes)
                else:
                    _write(name, table_changes, plan, now)
                bar.advance(len(table_changes.create) + len(table_changes.update))
        if changes.get("org_units") and (changes["org_units"].create or changes["org_units"].update):
            rebuild_paths()
        record(acting_user=acting_user, channel=channel, action="workbook.load", object_type="workbook",
               object_key=raw.path.name, changes=report.as_dict())
    return report


def _rows(raw: RawWorkbook) -> int:
    return sum(len(table.rows) for table in raw.tables.values())


# --- comparing ----------------------------------------------------------------------------------------------------


def _existing(name: str, rows: list[Row], plan: Plan) -> Existing:
    if name in plan.existing:
        return plan.existing[name]
    if name != "results":
        return existing(name, plan.lookups)
    ids = plan.lookups.ids["indicators"]
    indicators = {ids[row.values["indicator"]] for row in rows if row.values["indicator"] in ids}
    years = {period_year(row.values["period"]) for row in rows}
    return existing(name, plan.lookups, indicator_id__in=indicators, fiscal_year__in=years)


def diff(name: str, rows: list[Row], plan: Plan) -> Changes:
    """Which rows are new, which differ from the database and which are the same."""
    table = TABLES[name]
    names = [column.name for column in stored_columns(table)]
    m2m = next((column for table_name, column in M2M if table_name == name), None)
    found = plan.existing[name] = _existing(name, rows, plan)  # kept: the results' history compares with it
    changes = Changes()
    key_names = table.key
    for row in rows:
        values = row.values
        key = tuple(values[key_name] for key_name in key_names)
        before = found.rows.get(key)
        if before is None:
            changes.create.append(row)
            if m2m and values[m2m]:
                changes.m2m.append((row, None))
            continue
        pk, old = before
        if old[-1]:  # keep what other parts of the system keep in `extra`; the file owns its x_ columns
            kept = {key: value for key, value in old[-1].items() if not key.startswith(EXTRA_PREFIX)}
            if kept:
                row.extra = {**kept, **row.extra}
        new = (*(values[column_name] for column_name in names), row.extra)
        m2m_changed = m2m is not None and set(values[m2m]) != found.m2m.get(pk, set())
        if m2m_changed:
            changes.m2m.append((row, pk))
        if m2m_changed or (new != old and not same(new, old)):  # numbers: to 15 significant digits
            changes.update.append((pk, row))
        else:
            changes.unchanged += 1
    return changes


# --- writing ------------------------------------------------------------------------------------------------------


def _write(name: str, changes: Changes, plan: Plan, now: datetime) -> None:
    if not (changes.create or changes.update):
        return
    model = MODELS[name]
    columns = stored_columns(TABLES[name])
    notes = has_extra(name)
    fields = [attname(column) for column in columns] + (["extra"] if notes else [])
    ids = plan.lookups.ids
    refs = [(i, ids[column.ref]) for i, column in enumerate(columns) if column.ref]
    names = [column.name for column in columns]
    late_parents: list[Row] = []

    def values_of(row: Row) -> dict[str, Any]:
        values = [row.values[column_name] for column_name in names]
        for i, codes in refs:
            code = values[i]
            if code is not None:
                found = codes.get(code)
                if found is None:  # an organisation's parent created in this same load
                    late_parents.append(row)
                values[i] = found
        if notes:
            values.append(row.extra)
        return dict(zip(fields, values, strict=True))

    if changes.create:
        created = [values_of(row) for row in changes.create]
        fast.insert(model, created)
        if len(created) >= ANALYZE_AFTER:
            fast.analyze(model)
        if name in ids:
            plan.lookups.refresh(name)
    if changes.update:
        fast.update(model, [(pk, values_of(row)) for pk, row in changes.update])
    if late_parents:
        org_ids = ids["org_units"]
        fast.update(OrgUnit, [(org_ids[row.values["code"]], {"parent_id": org_ids[row.values["parent"]]})
                              for row in late_parents])
    if changes.m2m:
        _write_m2m(name, changes.m2m, plan)


class _Within(Progress):
    """The stages of an action the loader calls, counted in the loader's own stage: ``govkpi load`` and the upload
    page keep their one "writing the changes" bar, which moves while the results are written."""

    def __init__(self, bar: Bar) -> None:
        self.bar = bar

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Bar]:
        yield self.bar


def _import_results(changes: Changes, plan: Plan, now: datetime, *, acting_user: AbstractBaseUser | None,
                    channel: str, source: str, progress: Progress = SILENT) -> None:
    """Results go through the results action (the one write path for results), as rows of ids."""
    if not (changes.create or changes.update):
        return
    columns = stored_columns(TABLES["results"])
    names = [column.name for column in columns]
    fields = [attname(column) for column in columns] + ["extra"]
    ids = plan.lookups.ids

    def values_of(row: Row) -> dict[str, Any]:
        values = dict(zip(fields, [row.values[name] for name in names] + [row.extra], strict=True))
        values["indicator_id"] = ids["indicators"][row.values["indicator"]]
        values["org_id"] = ids["org_units"][row.values["org"]]
        values["fiscal_year"] = period_year(row.values["period"])
        values["updated_at"] = now
        return values

    before = {pk: dict(zip(names, values, strict=False)) for pk, values in plan.existing["results"].rows.values()}
    import_results([values_of(row) for row in changes.create], [(pk, values_of(row)) for pk, row in changes.update],
                   before=before, acting_user=acting_user, channel=channel, source=source, now=now, progress=progress)


def _write_m2m(name: str, rows: list[tuple[Row, int | None]], plan: Plan) -> None:
    ids = plan.lookups.ids
    if name == "org_units":
        through = OrgUnit.groups.through
        groups = ensure_groups(sorted({code for row, _ in rows for code in row.values["groups"]}))
        targets = {code: group.pk for code, group in groups.items()}
        owner, target, column, owners = "orgunit_id", "peergroup_id", "groups", ids["org_units"]
    else:
        through = Indicator.responsible.through
        targets = ids["org_units"]
        owner, target, column, owners = "indicator_id", "orgunit_id", "responsible", ids["indicators"]
    pks = [owners[row.values["code"]] for row, _ in rows]
    for start in range(0, len(pks), BATCH):
        through.objects.filter(**{f"{owner}__in": pks[start : start + BATCH]}).delete()
    links = [
        through(**{owner: pk, target: targets[code]})
        for pk, (row, _) in zip(pks, rows, strict=True)
        for code in row.values[column]
    ]
    through.objects.bulk_create(links, batch_size=BATCH)

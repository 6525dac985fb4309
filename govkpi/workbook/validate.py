"""Checking a whole workbook before anything is written.

:func:`validate` converts every cell (:mod:`.values`), then checks what spans cells and rows — required cells,
duplicate keys, references to the file or the database — and hands the table rules to :mod:`.checks`. Every problem
is collected (up to 500); the caller writes nothing unless there are none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models

from govkpi.core.results import MAX_NOTE, unstorable
from govkpi.ops.progress import Bar
from govkpi.results.models import Result

from .checks import RULES
from .messages import Problems
from .readers import RawTable, RawWorkbook
from .schema import TABLES, Table, Type
from .store import MODELS, Existing, Lookups, has_extra
from .values import Converter, Invalid, YamlNumber, converter

MAX_TEXT = 10_000  # any other long text (definitions, data sources): more is a pasting mistake, not a definition
REF_CODES = {"org_units": "unknown_org", "goals": "unknown_goal", "indicators": "unknown_indicator"}


class Row:
    """One validated row: where the user wrote it, its values by column name and its x_ notes."""

    __slots__ = ("extra", "number", "ok", "values")

    def __init__(self, number: int, values: dict[str, Any], extra: dict[str, Any], ok: bool) -> None:
        self.number = number
        self.values = values
        self.extra = extra
        self.ok = ok

    def key(self, table: Table) -> tuple[Any, ...]:
        return tuple(self.values[name] for name in table.key)


@dataclass
class Plan:
    """The validated workbook: rows per table (in table order) and what the database held."""

    tables: dict[str, list[Row]] = field(default_factory=dict)
    lookups: Lookups = field(default_factory=Lookups)
    existing: dict[str, Existing] = field(default_factory=dict)  # tables whose database rows validation read
    sha256: str = ""
    path: str = ""


def validate(raw: RawWorkbook, problems: Problems, lookups: Lookups | None = None, bar: Bar | None = None) -> Plan:
    """Convert and check every table of ``raw``; problems go into ``problems``; ``bar`` counts the rows, a table at
    a time."""
    lookups = lookups if lookups is not None else Lookups.load()
    plan = Plan(lookups=lookups, sha256=raw.sha256, path=str(raw.path))
    known: dict[str, set[str]] = {name: set(ids) for name, ids in lookups.ids.items()}
    for name, table in TABLES.items():
        raw_table = raw.tables.get(name)
        if raw_table is None:
            continue
        if raw_table.extra_columns and not has_extra(name):
            for column, first in raw_table.extra_columns.items():
                problems.add("notes_not_kept", name, first, column, name=column)
            continue
        rows = convert(table, raw_table, problems)
        _check_keys(table, rows, problems)
        if name in known:
            known[name].update(row.values["code"] for row in rows if row.values.get("code"))
        _check_refs(table, rows, known, problems)
        rule = RULES.get(name)
        if rule is not None:
            rule(rows, plan, problems)
        plan.tables[name] = rows
        if bar is not None:
            bar.advance(len(raw_table.rows))
    return plan


def _max_length(model: type[models.Model], name: str) -> int | None:
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        return None
    if isinstance(model_field, models.ForeignKey):
        model_field = model_field.target_field
    if isinstance(model_field, models.TextField):
        if model is Result:
            return None  # a result's text is checked with its other cells by the result rules
        return MAX_NOTE if name == "note" else MAX_TEXT
    return getattr(model_field, "max_length", None) if isinstance(model_field, models.CharField) else None


def convert(table: Table, raw: RawTable, problems: Problems) -> list[Row]:
    """Every cell of the table through its column's converter; empty cells take the column default."""
    model = MODELS[table.name]
    plan: list[tuple[str, Converter, bool, Any, bool]] = []
    for column in table.columns:
        limit = _max_length(model, column.model_field) if column.type in (Type.TEXT, Type.CODE) else None
        is_list = column.type is Type.LIST
        plan.append((column.name, converter(column, limit), column.required, column.default, is_list))
    extra_columns = raw.extra_columns
    name = table.name
    add = problems.add
    rows: list[Row] = []
    for number, cells in raw.rows:
        values: dict[str, Any] = {}
        ok = True
        for column_name, convert_cell, required, default, is_list in plan:
            value = cells.get(column_name)
            if value is not None and type(value) is not float and unstorable(value):
                add("unstorable_text", name, number, column_name)
                values[column_name] = None
                ok = False
                continue
            if value is not None and type(value) is str:
                value = value.strip() or None
            if value is None:
                if required:
                    add("required", name, number, column_name)
                    ok = False
                values[column_name] = [] if is_list else default
                continue
            try:
                values[column_name] = convert_cell(value)
            except Invalid as error:
                add(error.code, name, number, column_name, **error.params)
                values[column_name] = None
                ok = False
        extra: dict[str, Any] = {}
        for column_name in extra_columns:
            value = cells.get(column_name)
            if value is not None and unstorable(value):
                add("unstorable_text", name, number, column_name)
                ok = False
                continue
            if value is not None:
                value = _note(value)
                if value is not None:
                    extra[column_name] = value
        rows.append(Row(number, values, extra, ok))
    return rows


def _note(value: Any) -> Any:
    """An x_ cell as stored in `extra`: JSON-safe, integral floats as ints, dates in ISO, blank text dropped."""
    if isinstance(value, YamlNumber):
        try:
            return value.number()
        except ValueError:
            return str(value)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value  # lists and objects from json/yaml


def _check_keys(table: Table, rows: list[Row], problems: Problems) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    label = " + ".join(table.key)
    for row in rows:
        key = row.key(table)
        if any(part is None for part in key) and row.ok is False:
            continue  # a bad key cell is reported already
        first = seen.setdefault(key, row.number)
        if first != row.number:
            problems.add("duplicate_key", table.name, row.number, table.key[0], key=label, first=first)
            row.ok = False


def _check_refs(table: Table, rows: list[Row], known: dict[str, set[str]], problems: Problems) -> None:
    for column in table.columns:
        if column.ref is None:
            continue
        codes = known[column.ref]
        code = "unknown_parent" if column.name == "parent" else REF_CODES[column.ref]
        name = column.name
        for row in rows:
            value = row.values[name]
            if not value:
                continue
            for item in value if isinstance(value, list) else (value,):
                if item not in codes:
                    problems.add(code, table.name, row.number, name, value=item)
                    row.ok = False

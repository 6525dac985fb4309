"""Bulk inserts and updates for large workbooks, as plain `executemany` statements.

`bulk_create` builds a fresh SQL string for every 70 rows on SQLite and `bulk_update` a CASE per field and row; a
province-wide results table (100,000 rows and more) spends most of its load time there. These helpers prepare each
field's value with the field's own `get_db_prep_save` (JSON, dates and datetimes; other values pass as they are)
and send one statement per batch. They bypass `save()` and signals, as `bulk_create` does; callers give every value,
including `auto_now` fields, and missing fields take their defaults.

On PostgreSQL, inserts stream through `COPY … FROM STDIN` instead (:func:`copy`), several times faster than
`executemany` for large tables; they run inside the caller's transaction, so a load stays all-or-nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

BATCH = 5000
_NEEDS_PREP = {"JSONField", "DateField", "DateTimeField", "TimeField", "DecimalField", "UUIDField", "BooleanField"}


def _prepare(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    if field.get_internal_type() not in _NEEDS_PREP:
        return None
    empty: dict[type, Any] = {}
    last: list[Any] = [object(), None]  # the previous value and its prepared form: one `now` for every row

    def prepare(value: Any) -> Any:
        if value is None:
            return None
        if value is last[0]:
            return last[1]
        if isinstance(value, dict | list) and not value:  # most notes are empty: prepare `{}` once
            kind = type(value)
            if kind not in empty:
                empty[kind] = field.get_db_prep_save(value, connection)
            return empty[kind]
        prepared = field.get_db_prep_save(value, connection)
        last[0], last[1] = value, prepared
        return prepared

    return prepare


def _columns(model: type[models.Model], names: list[str]) -> list[tuple[str, str, Callable[[Any], Any] | None]]:
    quote = connection.ops.quote_name
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    return [(name, quote(by_attname[name].column), _prepare(by_attname[name])) for name in names]


def _params(rows: list[dict[str, Any]], columns: list[tuple[str, str, Callable[[Any], Any] | None]]) -> list[list[Any]]:
    result = []
    for row in rows:
        params = [row[name] for name, _, _ in columns]
        for i, (_, _, prepare) in enumerate(columns):
            if prepare is not None:
                params[i] = prepare(params[i])
        result.append(params)
    return result


def insert(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """INSERT rows given as {attname: value}; fields a row leaves out take their default."""
    if not rows:
        return
    pk = model._meta.pk
    given = set().union(*(row.keys() for row in rows[:1]))
    defaults = {
        field.attname: field.get_default()
        for field in model._meta.concrete_fields
        if field is not pk and field.attname not in given
    }
    if defaults:
        rows = [{**defaults, **row} for row in rows]
    columns = _columns(model, list(rows[0]))
    if connection.vendor == "postgresql":
        copy(model, [name for name, _, _ in columns], _params(rows, columns))
        return
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(column for _, column, _ in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, _params(rows[start : start + BATCH], columns))


def copy(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows of values already prepared for the database (in the order of ``names``, attnames); COPY on
    PostgreSQL, batched `executemany` elsewhere. ``rows`` may be a generator. Returns how many rows were written."""
    quote = connection.ops.quote_name
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(by_attname[name].column) for name in names)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as stream:
                for row in rows:
                    stream.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def analyze(model: type[models.Model]) -> None:
    """Refresh PostgreSQL's statistics of a table after a bulk load, so that the next queries are planned for its
    real size (autovacuum would do it later, after the first queries were planned for an empty table)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def update(model: type[models.Model], rows: list[tuple[int, dict[str, Any]]]) -> None:
    """UPDATE rows by primary key; every row gives the same fields, as {attname: value}."""
    if not rows:
        return
    columns = _columns(model, list(rows[0][1]))
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(f"{column} = %s" for _, column, _ in columns),
        connection.ops.quote_name(model._meta.pk.column),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            params = _params([values for _, values in batch], columns)
            for values, (pk, _) in zip(params, batch, strict=True):
                values.append(pk)
            cursor.executemany(sql, params)

"""Fast bulk writes: COPY on PostgreSQL, large-batch bulk_create elsewhere.

Used by imports and demo seeding, where hundreds of thousands of rows are written at
once. Rows are tuples in the order of `fields` (attribute names, e.g. "team_id"); every
NOT NULL column without a value in the database must be listed (Django defaults are
applied in Python, not by the database)."""

from collections.abc import Iterable

from django.db import connection


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def insert_rows(model, fields: list[str], rows: Iterable[tuple], *, batch_size: int = 5000) -> int:
    if is_postgres():
        return _copy(model, fields, rows)
    count, batch = 0, []
    for row in rows:
        batch.append(model(**dict(zip(fields, row, strict=True))))
        if len(batch) >= batch_size:
            model.objects.bulk_create(batch, batch_size=batch_size)
            count += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch, batch_size=batch_size)
        count += len(batch)
    return count


def _column(meta, name: str) -> str:
    try:
        field = meta.get_field(name)
    except Exception:
        field = meta.get_field(name.removesuffix("_id"))
    return field.column


def _copy(model, fields, rows) -> int:
    meta = model._meta
    columns = ", ".join(connection.ops.quote_name(_column(meta, f)) for f in fields)
    table = connection.ops.quote_name(meta.db_table)
    connection.ensure_connection()
    count = 0
    with connection.connection.cursor() as cur:
        with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count

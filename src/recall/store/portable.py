"""What SQLite and PostgreSQL spell differently, in one place: upserts and day numbers."""

from __future__ import annotations

from sqlalchemy import Integer, Table
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


def _insert(conn: Connection, table: Table):
    """The dialect's INSERT, which knows ON CONFLICT."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


def upsert(conn: Connection, table: Table, values: list[dict], *, update: tuple[str, ...]) -> None:
    """Insert ``values``; a row whose primary key exists already gets the ``update`` columns instead."""
    if not values:
        return
    statement = _insert(conn, table)
    keys = [column.name for column in table.primary_key.columns]
    conn.execute(statement.on_conflict_do_update(
        index_elements=keys, set_={name: statement.excluded[name] for name in update}), values)


def insert_new(conn: Connection, table: Table, values: dict) -> bool:
    """Insert one row unless its primary key exists already; whether it was inserted."""
    key = next(iter(table.primary_key.columns))
    return conn.execute(_insert(conn, table).values(values).on_conflict_do_nothing().returning(key)).first() is not None


class day_number(FunctionElement):
    """The day (counted from 1970-01-01) of a stored time moved by ``shift`` seconds: ``day_number(col, shift)``."""

    type = Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _day_sqlite(element, compiler, **kw):
    moment, shift = list(element.clauses)
    # times are microseconds since 1970 (types.Moment); integer division floors for times after 1970
    return f"(({compiler.process(moment, **kw)} / 1000000 + {compiler.process(shift, **kw)}) / 86400)"


@compiles(day_number, "postgresql")
def _day_postgresql(element, compiler, **kw):
    moment, shift = list(element.clauses)
    return (f"CAST(floor((extract(epoch FROM {compiler.process(moment, **kw)}) + {compiler.process(shift, **kw)})"
            " / 86400) AS INTEGER)")

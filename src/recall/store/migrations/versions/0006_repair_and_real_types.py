"""Repair and real types: every table brought to this revision's schema, whatever the ones before left.

- Times become ``Moment`` (microseconds since 1970 UTC on SQLite, ``timestamptz`` elsewhere)
  instead of naive text.
- ``review_log.memory_before`` goes: an undo restores the memory the session kept.
- Columns an earlier revision should have made are filled in: databases made by the first
  release of 0001 have no ``cards.updated_at`` (it was added to that released file later),
  so it is taken from ``created_at``; likewise ``setup``, ``concepts``, ``suspended``,
  ``file_stat`` and ``state_before`` get their defaults, missing tables are made and missing
  indexes built. A value that is not a time is kept as it is (recall then reports it as damaged).

On SQLite each table is rebuilt (created anew, copied, renamed), so the result is exactly
this schema; on PostgreSQL the columns are altered in place.

Revision ID: 0006
Revises: 0005
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

from recall.store.types import Moment

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _schema():
    """Each table as of this revision (a function making its columns), its indexes, and what fills
    each column an old table lacks."""
    def lessons():
        return [
            sa.Column("id", sa.String(), primary_key=True),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("file", sa.String()),
            sa.Column("content_hash", sa.String()),
            sa.Column("prerequisites", sa.JSON(), nullable=False),
            sa.Column("concepts", sa.JSON(), nullable=False),
            sa.Column("file_stat", sa.String()),
        ]

    def cards():
        return [
            sa.Column("id", sa.String(), primary_key=True),
            sa.Column("lesson_id", sa.String(), sa.ForeignKey("lessons.id"), nullable=False),
            sa.Column("source", sa.String(), nullable=False),
            sa.Column("form", sa.String(), nullable=False),
            sa.Column("prompt", sa.Text(), nullable=False),
            sa.Column("answer", sa.Text(), nullable=False),
            sa.Column("choices", sa.JSON(), nullable=False),
            sa.Column("explanation", sa.Text(), nullable=False),
            sa.Column("code", sa.Text(), nullable=False),
            sa.Column("setup", sa.Text(), nullable=False),
            sa.Column("concepts", sa.JSON(), nullable=False),
            sa.Column("file", sa.String(), nullable=False),
            sa.Column("line", sa.Integer(), nullable=False),
            sa.Column("section", sa.Text(), nullable=False),
            sa.Column("ord", sa.Integer(), nullable=False),
            sa.Column("status", sa.String(), nullable=False),
            sa.Column("created_at", Moment(), nullable=False),
            sa.Column("updated_at", Moment(), nullable=False),
            sa.Column("retired_at", Moment()),
        ]

    def card_state():
        return [
            sa.Column("card_id", sa.String(), sa.ForeignKey("cards.id"), primary_key=True),
            sa.Column("state", sa.SmallInteger(), nullable=False),
            sa.Column("step", sa.SmallInteger()),
            sa.Column("stability", sa.Float()),
            sa.Column("difficulty", sa.Float()),
            sa.Column("due", Moment(), nullable=False),
            sa.Column("last_review", Moment()),
            sa.Column("reps", sa.Integer(), nullable=False),
            sa.Column("lapses", sa.Integer(), nullable=False),
            sa.Column("introduced_at", Moment(), nullable=False),
            sa.Column("suspended", sa.Boolean(), nullable=False, server_default=sa.false()),
        ]

    def review_log():
        return [
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("card_id", sa.String(), sa.ForeignKey("cards.id"), nullable=False),
            sa.Column("reviewed_at", Moment(), nullable=False),
            sa.Column("rating", sa.SmallInteger(), nullable=False),
            sa.Column("duration_ms", sa.Integer()),
            sa.Column("answer", sa.Text()),
            sa.Column("correct", sa.Boolean()),
            sa.Column("state_before", sa.SmallInteger()),
        ]

    def code_runs():
        return [
            sa.Column("key", sa.String(), primary_key=True),
            sa.Column("result", sa.JSON(), nullable=False),
            sa.Column("ran_at", Moment(), nullable=False),
        ]

    return [
        ("lessons", lessons, [("ix_lessons_file", ["file"])], {"file_stat": "NULL"}),
        ("cards", cards, [("ix_cards_lesson_ord", ["lesson_id", "ord"])],
         {"updated_at": "created_at", "setup": "''", "concepts": "'[]'"}),
        ("card_state", card_state, [("ix_card_state_state_due", ["state", "due"]), ("ix_card_state_due", ["due"]),
                                    ("ix_card_state_introduced", ["introduced_at"])], {"suspended": "0"}),
        ("review_log", review_log, [("ix_review_log_card_time", ["card_id", "reviewed_at"]),
                                    ("ix_review_log_time", ["reviewed_at"])], {"state_before": "NULL"}),
        ("code_runs", code_runs, [], {}),
    ]


def _micros(value):
    """A time as revisions 0001-0005 stored it (naive UTC text) as microseconds since 1970."""
    if value is None or isinstance(value, int):
        return value
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return value  # not a time: kept, and reported as damaged when read
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // timedelta(microseconds=1)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _rebuild_sqlite(bind)
    else:
        _alter_in_place(bind)


def _rebuild_sqlite(bind) -> None:
    bind.connection.driver_connection.create_function("recall_micros", 1, _micros, deterministic=True)
    inspector = sa.inspect(bind)
    present = set(inspector.get_table_names())
    for name, columns, indexes, fills in _schema():
        old = {c["name"] for c in inspector.get_columns(name)} if name in present else None
        new = columns()
        op.execute(f"DROP TABLE IF EXISTS _new_{name}")
        op.create_table(f"_new_{name}", *new)
        if old is not None:
            values = []
            for column in new:
                source = column.name if column.name in old else fills.get(column.name)
                if source is None:
                    raise RuntimeError(f"table {name} has no column {column.name}, and nothing can fill it")
                values.append(f"recall_micros({source})" if isinstance(column.type, Moment) else source)
            names = ", ".join(f'"{c.name}"' for c in new)
            op.execute(f"INSERT INTO _new_{name} ({names}) SELECT {', '.join(values)} FROM {name}")
            op.execute(f"DROP TABLE {name}")
        op.execute(f"ALTER TABLE _new_{name} RENAME TO {name}")
        for index, columns in indexes:
            op.create_index(index, name, columns)


def _alter_in_place(bind) -> None:
    inspector = sa.inspect(bind)
    present = set(inspector.get_table_names())
    for name, columns, indexes, fills in _schema():
        if name not in present:
            op.create_table(name, *columns())
            for index, columns in indexes:
                op.create_index(index, name, columns)
            continue
        old = {c["name"]: c for c in inspector.get_columns(name)}
        for column in columns():
            if column.name not in old:
                fill = fills[column.name]
                op.add_column(name, sa.Column(column.name, column.type, nullable=True))
                if fill != "NULL":
                    op.execute(f"UPDATE {name} SET {column.name} = {fill}")
                if not column.nullable:
                    op.alter_column(name, column.name, nullable=False)
            elif isinstance(column.type, Moment) and not getattr(old[column.name]["type"], "timezone", False):
                op.execute(f"ALTER TABLE {name} ALTER COLUMN {column.name} TYPE timestamptz "
                           f"USING {column.name} AT TIME ZONE 'UTC'")
            elif isinstance(column.type, sa.SmallInteger) and not isinstance(old[column.name]["type"],
                                                                              sa.SmallInteger):
                op.alter_column(name, column.name, type_=sa.SmallInteger())
        if name == "review_log" and "memory_before" in old:
            op.drop_column(name, "memory_before")
        have = {index["name"] for index in inspector.get_indexes(name)}
        for index, columns in indexes:
            if index not in have:
                op.create_index(index, name, columns)


def downgrade() -> None:
    raise NotImplementedError("recall's history only moves forward")

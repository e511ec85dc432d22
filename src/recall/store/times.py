"""How times look in the database: naive UTC text, the format SQLAlchemy's DateTime writes.

The sqlite3 read paths compare and parse these strings directly.
"""

from __future__ import annotations

from datetime import UTC, datetime


def to_db(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def from_db(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).replace(tzinfo=UTC) if text else None


def at(text: str) -> datetime:
    """A time from a column that is never NULL."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)

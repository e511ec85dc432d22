"""Column types of our own. Migrations use them too, so a released type never changes meaning:
a new way of storing something is a new type (and a migration), not an edit of one here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import BigInteger, DateTime, TypeDecorator

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


class Moment(TypeDecorator):
    """A point in time: aware datetimes in, aware UTC datetimes out, exact to the microsecond.

    ``timestamp with time zone`` where the database has one (PostgreSQL). SQLite has no
    time type, so there it is the count of microseconds since 1970-01-01 UTC, an integer:
    a third of the size of the text SQLAlchemy's DateTime writes there, and it orders,
    compares and indexes the same.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"times stored by recall must be timezone-aware datetimes, got {value!r}")
        if dialect.name == "sqlite":
            return (value - EPOCH) // _MICRO
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            if type(value) is not int:  # a value no version of recall wrote: reported as damage
                raise ValueError(f"not a time: {value!r}")
            return EPOCH + value * _MICRO
        return value.astimezone(UTC)


class MomentSeconds(TypeDecorator):
    """A ``Moment`` column read as whole seconds since 1970-01-01 UTC (an int), never written:
    for reads of every row, where a datetime per row would only be turned back into a number.
    A stored value that is no time raises ValueError, as ``Moment`` does."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return Moment().load_dialect_impl(dialect)

    def process_bind_param(self, value, dialect):
        raise TypeError("MomentSeconds only reads")

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            if type(value) is not int:
                raise ValueError(f"not a time: {value!r}")
            # toward zero, as int(datetime.timestamp()) is
            return value // 1_000_000 if value >= 0 else -(-value // 1_000_000)
        return int(value.timestamp())


class UTCDateTime(TypeDecorator):
    """How revisions 0001 to 0005 stored times: naive UTC text. Kept for those revisions alone."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("datetimes stored by recall must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return value.replace(tzinfo=UTC) if value is not None else None

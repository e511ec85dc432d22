"""Open a workspace database: pragmas, migrations, and the two ways in (sqlite3, SQLAlchemy)."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

#: The newest migration; a database stamped with it needs no Alembic run.
HEAD = "0005"
BUSY_TIMEOUT_S = 30


class DatabaseError(Exception):
    """A database recall cannot use; the message says what to do."""


def describe(exc: BaseException) -> str | None:
    """What to tell the learner about an error from the database, or None if it is not one."""
    if isinstance(exc, sqlite3.Error):
        return f"database error: {exc}"
    original = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's errors
    if isinstance(original, sqlite3.Error):
        return f"database error: {original}"
    return None


class Database:
    """One workspace's SQLite file, migrated to the current schema on open."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                       check_same_thread=False)
            self.con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
            self.con.execute("PRAGMA journal_mode = WAL")
            self.con.execute("PRAGMA synchronous = NORMAL")
            self.con.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except BaseException as exc:
            self.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise DatabaseError(f"{path}: cannot open the database ({exc})") from exc
            raise

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
        con = getattr(self, "con", None)
        if con is not None:
            con.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def revision(self) -> str | None:
        try:
            row = self.con.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None
        return row[0] if row else None

    def _migrate(self) -> None:
        current = self.revision()
        if current == HEAD:
            return
        if current is None and not self._has_tables():
            self._create_fresh()
            return
        from alembic.util import CommandError

        try:
            self.upgrade()
        except CommandError as exc:
            raise DatabaseError(f"{self.path}: schema revision {current!r} is unknown to this version of "
                                f"recall (made by a newer one?): {exc}") from exc

    def _has_tables(self) -> bool:
        return self.con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0

    def _create_fresh(self) -> None:
        """A new database: build the current schema at once and stamp it (Alembic's recipe)."""
        from recall.store.schema import STATEMENTS

        with self.immediate() as con:
            if self.revision() is not None:  # another process created it meanwhile
                return
            for statement in STATEMENTS:
                con.execute(statement)
            con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                        "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
            con.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD,))

    def upgrade(self, revision: str = "head") -> None:
        """Run Alembic migrations up to ``revision`` on this connection."""
        from alembic import command

        with self.engine.connect() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, revision)

    @cached_property
    def engine(self):
        """A SQLAlchemy engine over this very connection; every transaction is BEGIN IMMEDIATE."""
        from sqlalchemy import create_engine, event
        from sqlalchemy.pool import StaticPool

        engine = create_engine("sqlite://", creator=lambda: self.con, poolclass=StaticPool)

        @event.listens_for(engine, "begin")
        def _begin(conn):  # take the write lock up front: no upgrade deadlocks between writers
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine

    @contextmanager
    def immediate(self):
        """A write transaction on the sqlite3 connection itself (BEGIN IMMEDIATE), for hot paths."""
        self.con.execute("BEGIN IMMEDIATE")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    @contextmanager
    def write(self):
        """A write transaction through SQLAlchemy Core, committed on success."""
        with self.engine.begin() as conn:
            yield conn


def alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config

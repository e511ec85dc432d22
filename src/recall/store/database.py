"""Open a workspace's database by URL, bring it to the current schema, and run transactions on it.

The default is a SQLite file in the workspace's ``data/``; ``database_url`` in recall.toml
(or ``RECALL_DATABASE_URL``) names another, e.g. ``postgresql+psycopg://host/recall``.
Every statement goes through SQLAlchemy Core on one engine:

- ``db.read()`` is a read transaction (a consistent view, ended at once);
- ``db.write()`` is a write transaction, committed when the block ends. On SQLite it
  takes the write lock up front (``BEGIN IMMEDIATE``), so two writers never deadlock;
  while another program holds the lock it waits, says so, and gives up with a clear
  message after ``LOCK_WAIT_S``.

Driver errors never reach the learner as tracebacks: they become a ``DatabaseError``
whose message names the database and says what is wrong (full, read-only, locked,
unreachable, damaged).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Column, MetaData, String, Table, create_engine, event, select, update
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

if TYPE_CHECKING:
    from recall.workspace import Workspace

#: The newest migration; a database stamped with it needs no Alembic run.
HEAD = "0008"
#: How long SQLite's own busy handler waits for a lock before we say we are waiting.
QUICK_WAIT_S = 0.3
#: How long a write waits for another program's lock in all.
LOCK_WAIT_S = 10.0
#: Less free space than this next to a SQLite file is reported as a full disk before a session.
MIN_FREE_BYTES = 1 << 20
WAITING = "waiting for the database (another recall or program holds it)…"

# Alembic's own table, which it creates and reads; we read it to skip Alembic when at HEAD.
_version = Table("alembic_version", MetaData(),
                 Column("version_num", String(32), primary_key=True))


class DatabaseError(Exception):
    """A database recall cannot use; the message says what is wrong and what to do."""


class DamagedError(DatabaseError):
    """A stored value recall cannot read back (not JSON, not a time)."""


def _say_nothing(message: str) -> None:
    pass


#: Where the waiting message goes; the CLI points it at the terminal.
notify: Callable[[str], None] = _say_nothing


def url_of(target: Workspace | str | Path) -> URL:
    """The database URL for a workspace (its setting, or its SQLite file), a URL string or a SQLite path."""
    if isinstance(target, Path):
        return URL.create("sqlite+pysqlite", database=str(target))
    root = None
    if not isinstance(target, str):
        root, target = target.root, target.database_url()
    try:
        url = make_url(target)
    except ArgumentError:
        raise DatabaseError(f"database_url {target!r} is not a database URL "
                            "(e.g. postgresql+psycopg://user@host/recall)") from None
    path = _sqlite_path(url) if url.get_backend_name() == "sqlite" else None
    if root is not None and path is not None and not path.is_absolute():
        url = url.set(database=str(url.database).replace(str(path), str(root / path), 1))
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(f"database_url {url.render_as_string(hide_password=True)!r}: recall works with "
                            "SQLite and PostgreSQL (postgresql+psycopg://...)")
    return url


def exists(target: Workspace | str | Path) -> bool:
    """Whether there is a database to open: always for a server; for SQLite, whether its file exists."""
    url = url_of(target)
    if url.get_backend_name() != "sqlite":
        return True
    path = _sqlite_path(url)
    return path is None or path.exists()


def _sqlite_path(url: URL) -> Path | None:
    name = url.database or ""
    if not name or name == ":memory:":
        return None
    if name.startswith("file:"):
        name = name[5:].split("?", 1)[0]
    return Path(name)


class Database:
    """One workspace's database, migrated to the current schema on open."""

    def __init__(self, target: Workspace | str | Path):
        self.url = url_of(target)
        self.dialect = self.url.get_backend_name()
        self.path = _sqlite_path(self.url) if self.dialect == "sqlite" else None
        self.where = str(self.path) if self.path else self.url.render_as_string(hide_password=True)
        self.engine = self._engine()
        self._writer = self.engine.execution_options(recall_write=True)
        self._migrator = self.engine.execution_options(recall_write=True, recall_migrate=True)
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    # -- connecting ---------------------------------------------------------------------------------

    def _engine(self) -> Engine:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if self.dialect == "sqlite":
                engine = create_engine(self.url, connect_args={"timeout": QUICK_WAIT_S, "check_same_thread": False})
                event.listen(engine, "connect", _sqlite_connect)
                event.listen(engine, "begin", _sqlite_begin)
            else:
                engine = create_engine(self.url, pool_pre_ping=True, pool_size=2)
        except (ModuleNotFoundError, NoSuchModuleError) as exc:
            driver = self.url.get_driver_name()
            raise DatabaseError(f"the database driver {driver!r} is not installed ({exc}); for PostgreSQL: "
                                "pip install 'recall[postgres]'") from None
        return engine

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions -------------------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: one consistent view of the database, rolled back at the end."""
        conn = self._connect(self.engine)
        try:
            with conn:
                yield conn
        except SQLAlchemyError as exc:
            raise self.error(exc) from None

    @contextmanager
    def write(self, *, migrating: bool = False) -> Iterator[Connection]:
        """A write transaction, committed when the block ends (and rolled back if it raises)."""
        conn, transaction = self._begin_write(self._migrator if migrating else self._writer)
        try:
            try:
                yield conn
                transaction.commit()
            except BaseException:
                _roll_back(transaction)
                raise
        except SQLAlchemyError as exc:
            raise self.error(exc) from None
        finally:
            conn.close()

    def _connect(self, engine: Engine) -> Connection:
        try:
            return engine.connect()
        except SQLAlchemyError as exc:
            if self.dialect == "sqlite" or _locked(exc):
                raise self.error(exc) from None
            first = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            raise DatabaseError(f"cannot reach the database at {self.where}: {first}") from None

    def _begin_write(self, engine: Engine):
        deadline = None
        while True:
            conn = self._connect(engine)
            try:
                return conn, conn.begin()
            except DBAPIError as exc:
                conn.close()
                if not _locked(exc):
                    raise self.error(exc) from None
                if deadline is None:
                    notify(WAITING)
                    deadline = time.monotonic() + LOCK_WAIT_S
                elif time.monotonic() >= deadline:
                    raise DatabaseError(f"{self.where}: the database is locked by {_holders(self.path)}; "
                                        "close it there and try again") from None
                time.sleep(0.05)

    def error(self, exc: BaseException) -> DatabaseError:
        """What to tell the learner about an error from the database."""
        if isinstance(exc, DatabaseError):
            return exc
        original = getattr(exc, "orig", None) or exc
        text = " ".join(str(original).split()) or type(original).__name__
        low = text.lower()
        if "disk is full" in low or "no space left" in low or "could not extend file" in low:
            return DatabaseError(f"{self.where}: the disk is full ({text}); free some space and try again "
                                 "(nothing was saved by this step)")
        if "readonly" in low or "read-only" in low or "permission denied" in low:
            return DatabaseError(f"{self.where}: the database is read-only ({text}); recall needs to write to it")
        if _locked(exc):
            return DatabaseError(f"{self.where}: the database is locked by {_holders(self.path)}; "
                                 "close it there and try again")
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            return DatabaseError(f"lost the connection to the database at {self.where}: {text}")
        if "file is not a database" in low or "unable to open" in low or "malformed" in low:
            return DatabaseError(f"{self.where}: cannot open the database ({text})")
        return DatabaseError(f"{self.where}: database error: {text}")

    # -- the schema ---------------------------------------------------------------------------------

    def revision(self) -> str | None:
        with self.read() as conn:
            return _revision(conn)

    def _open(self) -> None:
        try:
            with self.read() as conn:
                if _revision(conn) == HEAD:
                    return
        except DatabaseError:
            if self.dialect == "sqlite" and self.path and self.path.is_file() and self.path.stat().st_size > 0:
                self._check_sqlite_file()
            raise
        with self.write() as conn:  # one process at a time creates the schema
            if self.dialect == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7325420130)")
            current = _revision(conn)
            if current == HEAD:
                return
            from sqlalchemy import inspect

            if current is None and not inspect(conn).get_table_names():
                from recall.store.models import metadata

                metadata.create_all(conn)
                _version.create(conn)
                conn.execute(_version.insert().values(version_num=HEAD))
                return
        self.upgrade()

    def _check_sqlite_file(self) -> None:
        assert self.path is not None
        with open(self.path, "rb") as file:
            if file.read(16) != b"SQLite format 3\x00":
                raise DatabaseError(f"{self.path}: cannot open the database (file is not a database)")

    def upgrade(self, revision: str = "head") -> None:
        """Run the Alembic revisions up to ``revision``, in one write transaction."""
        from alembic import command
        from alembic.util import CommandError

        current = self.revision()
        try:
            with self.write(migrating=True) as conn:
                if self.dialect == "postgresql":
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7325420130)")
                config = alembic_config()
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
        except CommandError as exc:
            raise DatabaseError(f"{self.where}: schema revision {current!r} is unknown to this version of "
                                f"recall (made by a newer one?): {exc}") from None
        finally:
            self.engine.dispose()  # the migration's connection had foreign keys off: it is not reused
        if self.dialect == "sqlite":  # tables were rebuilt: give the old copies' space back to the disk
            try:
                with self.engine.connect() as conn:
                    raw = conn.connection.driver_connection  # VACUUM runs outside any transaction
                    assert raw is not None
                    raw.execute("VACUUM")
            except SQLAlchemyError as exc:
                raise self.error(exc) from None

    # -- before a session ---------------------------------------------------------------------------

    def check_writable(self) -> None:
        """Raise DatabaseError now if an answer could not be saved: a read-only database or a full disk."""
        if self.path is not None:
            try:
                stat = os.statvfs(self.path.parent)
            except OSError:
                stat = None
            if stat is not None and stat.f_bavail * stat.f_frsize < MIN_FREE_BYTES:
                raise DatabaseError(f"{self.where}: the disk is full ({stat.f_bavail * stat.f_frsize} bytes "
                                    "free); free some space before reviewing, or your answers cannot be saved")
        conn, transaction = self._begin_write(self._writer)
        try:  # a write that changes nothing, rolled back
            conn.execute(update(_version).values(version_num=_version.c.version_num))
        except SQLAlchemyError as exc:
            raise self.error(exc) from None
        finally:
            _roll_back(transaction)
            conn.close()


def _roll_back(transaction) -> None:
    try:  # a failed statement may have ended the transaction already (SQLite on a full disk)
        transaction.rollback()
    except SQLAlchemyError:
        pass  # never let the rollback's error hide the one that matters


def _revision(conn: Connection) -> str | None:
    from sqlalchemy import inspect

    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(select(_version.c.version_num)).scalar()


def _sqlite_connect(dbapi_connection, record) -> None:
    dbapi_connection.isolation_level = None  # transactions are ours (see _sqlite_begin), not pysqlite's
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")  # the WAL is synced at every commit: an answer survives power loss
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    options = conn.get_execution_options()
    if options.get("recall_migrate"):  # revisions rebuild tables: foreign keys are off (outside a transaction)
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
    # a write takes the lock up front: no deadlock when two readers both try to become writers
    conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get("recall_write") else "BEGIN")


def _locked(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database table is locked" in text


def _holders(path: Path | None) -> str:
    """Which other processes have the SQLite file open (Linux: from /proc), as "name (pid N)"."""
    if path is None:
        return "another program"
    names = {str(path.resolve()) + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    found = []
    proc = Path("/proc")
    if proc.is_dir():
        for pid_dir in proc.iterdir():
            if not pid_dir.name.isdigit() or int(pid_dir.name) == os.getpid():
                continue
            try:
                if any(os.readlink(fd) in names for fd in (pid_dir / "fd").iterdir()):
                    command = (pid_dir / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                    found.append(f"{command.strip() or (pid_dir / 'comm').read_text().strip()} (pid {pid_dir.name})")
            except OSError:
                continue
    return ", ".join(found[:3]) if found else "another program"


def alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config

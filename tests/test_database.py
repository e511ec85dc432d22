"""The database: connection settings, creating the schema, clear errors, skipping unchanged files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, select
from sqlalchemy.pool import NullPool

import recall.build.analyse as analyse_module
from conftest import NOW, PROJECT, lesson, query, write
from recall.build import build, fingerprint
from recall.store import database
from recall.store.database import HEAD, Database, DatabaseError, alembic_config
from recall.store.models import cards, lessons, metadata

TAKEAWAY = lesson("## Key Takeaways\n\n- Use **tuples** for records\n")


def test_sqlite_connection_settings(tmp_path):
    with Database(tmp_path / "r.sqlite3") as db, db.read() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL: the WAL is synced at every commit
        assert pragma("foreign_keys") == 1


def test_head_constant_matches_the_migrations():
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


def shape(url) -> dict:
    """Tables, columns (type, nullable), indexes and foreign keys, as the database reports them."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            found = inspect(conn)
            return {table: ({c["name"]: (str(c["type"]), c["nullable"]) for c in found.get_columns(table)},
                            sorted((i["name"], tuple(i["column_names"])) for i in found.get_indexes(table)),
                            sorted((tuple(f["constrained_columns"]), f["referred_table"])
                                   for f in found.get_foreign_keys(table)))
                    for table in found.get_table_names()}
    finally:
        engine.dispose()


@pytest.mark.databases
def test_a_new_database_has_the_schema_every_migration_makes(workspace, tmp_path):
    """A new database is made from the models at once; running every revision from nothing makes the same."""
    with Database(workspace) as db:
        assert db.revision() == HEAD
        url = db.url
    fresh = shape(url)
    assert set(fresh) == {*metadata.tables, "alembic_version"}
    if url.get_backend_name() == "sqlite":
        target = tmp_path / "migrated.sqlite3"
    else:  # the server's database, emptied
        with Database(workspace) as db, db.write() as conn:
            metadata.drop_all(conn)
            conn.exec_driver_sql("DROP TABLE alembic_version")
        target = url.render_as_string(hide_password=False)
    migrated = _unmigrated(target)
    migrated.upgrade()
    migrated.close()
    assert shape(migrated.url) == fresh


def _unmigrated(target) -> Database:
    """A Database object on ``target`` that has not made or migrated anything yet."""
    db = Database.__new__(Database)
    db.url = database.url_of(target)
    db.dialect = db.url.get_backend_name()
    db.path = database._sqlite_path(db.url) if db.dialect == "sqlite" else None
    db.where = str(db.path or db.url)
    db.engine = db._engine()
    db._writer = db.engine.execution_options(recall_write=True)
    db._migrator = db.engine.execution_options(recall_write=True, recall_migrate=True)
    return db


def test_a_schema_from_an_unknown_revision_is_refused_clearly(workspace):
    write(workspace, "01.md", TAKEAWAY)
    build(workspace, NOW)
    before = query(workspace, "SELECT id, prompt FROM cards")
    query(workspace, "UPDATE alembic_version SET version_num = 'none-such'")
    with pytest.raises(DatabaseError, match="schema revision 'none-such' is unknown"):
        Database(workspace)
    query(workspace, "UPDATE alembic_version SET version_num = :head", head=HEAD)
    with Database(workspace):
        assert query(workspace, "SELECT id, prompt FROM cards") == before


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "r.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match=r"r\.sqlite3: cannot open the database"):
        Database(path)


def test_a_build_stores_rows_the_tables_read_back(workspace):
    """Times come back aware and in UTC, lists as lists: the columns are what the models say."""
    write(workspace, "10.md", lesson("## Key Takeaways\n\n- Use **sets** for membership\n", id="10-sets"))
    build(workspace, NOW)
    with Database(workspace) as db, db.read() as conn:
        row = conn.execute(select(cards).limit(1)).mappings().one()
        assert row["created_at"] == NOW and row["updated_at"] == NOW and isinstance(row["choices"], list)
        assert conn.execute(select(lessons.c.prerequisites)).scalar_one() == []
    # on SQLite a time is an integer: microseconds since 1970
    assert query(workspace, "SELECT typeof(created_at), created_at FROM cards LIMIT 1") == [
        ("integer", int(NOW.timestamp()) * 1_000_000)]


def test_unchanged_files_are_not_parsed_again(workspace, monkeypatch):
    write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **tuples** for records\n"))
    write(workspace, "02.md", lesson("## Key Takeaways\n\n- Use **sets** for membership\n", id="02-other"))
    build(workspace, NOW)
    parsed = []
    real = analyse_module.analyse
    monkeypatch.setattr(analyse_module, "analyse", lambda *a: parsed.append(a[0]) or real(*a))
    report = build(workspace, NOW)
    assert parsed == [] and report.unchanged == 2 and report.lessons == []
    write(workspace, "02.md", lesson("## Key Takeaways\n\n- Use **frozensets** for membership\n", id="02-other"))
    build(workspace, NOW)
    assert parsed == ["decks/02.md"]


def test_many_changed_lessons_read_in_several_processes_build_what_one_process_builds(workspace, monkeypatch,
                                                                                      tmp_path):
    import recall.build

    def cards_built(ws, parallel_from: int) -> list:
        monkeypatch.setattr(recall.build, "PARALLEL_FROM", parallel_from)
        report = build(ws, NOW)
        assert sum(1 for r in report.lessons if r.lesson) == 12
        assert [p.file for p in report.failed] == ["decks/broken.md"]
        return query(ws, "SELECT id, lesson_id, prompt, answer, line FROM cards ORDER BY id")

    for n in range(12):
        write(workspace, f"{n:02d}.md", lesson(f"## Key Takeaways\n\n- Use **term{n}** for case {n}\n"
                                                "- Use **other** for the rest\n", id=f"lesson-{n:02d}"))
    write(workspace, "broken.md", "---\nid: [unclosed\n---\n")
    from recall.workspace import init

    other = init(tmp_path / "other")
    for path in workspace.decks.iterdir():
        (other.decks / path.name).write_bytes(path.read_bytes())
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: lessons are always read in this process")
    together, apart = cards_built(workspace, 1_000), cards_built(other, 2)
    assert together == apart and len(together) >= 12


def test_every_module_that_derives_cards_is_in_the_fingerprint():
    """A change to any code that reads lessons or makes cards must make the next build re-read every file."""
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, recall.build.analyse, recall.derive.verify, recall.codecheck.runner; "
         "from recall.lessons import parse_lesson; from recall.derive import derive; "  # the generators load lazily
         "derive(parse_lesson('---\\nid: x\\ntitle: X\\n---\\n## S\\n\\nText here.\\n', 'x.md')); "
         "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('recall.')))"],
        capture_output=True, text=True, check=True).stdout.split()
    deriving = {str(p) for p in fingerprint.sources()}
    pipeline = {str(p) for p in (PROJECT / "src" / "recall" / "build").glob("*.py")}  # reads files, stores cards
    outside = {"workspace.py", "settings.py"}  # where files are, and the code_time_limit (part of the run key)
    missing = [f for f in loaded if f not in deriving and f not in pipeline and Path(f).name not in outside
               and not f.endswith("recall/__init__.py")]
    assert [Path(f).relative_to(PROJECT / "src") for f in missing if "/store/" not in f] == []
    assert len(deriving) > 10
    assert any(f.endswith("derive/concepts.py") for f in loaded)  # what derive() loads was looked at


def test_the_fingerprint_holds_the_versions_of_python_and_the_parsing_libraries():
    names = " ".join(fingerprint.versions())
    for library in ("markdown-it-py", "python-frontmatter", "PyYAML", "python 3."):
        assert library in names
    assert "missing" not in names


def test_a_deck_file_that_cannot_be_read_is_a_problem_naming_it(workspace, monkeypatch, run):
    write(workspace, "10.md", lesson("## Key Takeaways\n\n- Use **sets** for membership\n", id="10-sets"))
    write(workspace, "11.md", lesson("## Key Takeaways\n\n- Use **dicts** for lookups\n", id="11-dicts"))
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "11.md":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report = build(workspace, NOW)
    assert [str(p) for p in report.failed] == ["decks/11.md:1: cannot read the file (Permission denied)"]
    assert {e.lesson for e in report.lessons if e.lesson} == {"10-sets"}
    checked = run("check")
    assert checked.exit_code == 1 and "decks/11.md:1: cannot read the file" in checked.output
    exported = run("export", "anki", "-o", str(workspace.root / "out.apkg"))
    assert exported.exit_code == 0 and "Wrote" in exported.output
    added = run("add", "--deck", "10-sets", "--front", "Why sets?", "--back", "Fast membership tests.")
    assert added.exit_code == 1 and "Added to decks/10.md" in added.output  # the unreadable file fails the build


def test_a_deck_file_whose_name_is_not_utf8_is_a_problem_not_a_crash(workspace, run):
    (workspace.decks / os.fsdecode(b"caf\xe9.md")).write_bytes(lesson("x", id="02-cafe").encode())
    write(workspace, "10.md", lesson("## Key Takeaways\n\n- Use **sets** for membership\n", id="10-sets"))
    for command in ("build", "check"):
        result = run(command)
        assert result.exit_code == 1, result.output
        assert "decks/caf\ufffd.md:1: the file name is not valid UTF-8 (rename the file)" in result.output
    assert run("cards").exit_code == 0


def test_a_database_that_fails_to_open_is_closed(tmp_path, monkeypatch):
    """Python 3.13 warns about every connection left open; an open that fails must not leave one."""
    closed = []
    real_close = Database.close
    monkeypatch.setattr(Database, "close", lambda self: closed.append(self) or real_close(self))

    def broken(self):
        raise RuntimeError("a migration that fails")

    monkeypatch.setattr(Database, "_open", broken)
    with pytest.raises(RuntimeError):
        Database(tmp_path / "r.sqlite3")
    assert len(closed) == 1 and closed[0].engine.pool.checkedout() == 0

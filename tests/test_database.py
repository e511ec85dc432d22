"""The SQLite file: pragmas, migrations, skipping unchanged files."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

import recall.build as build_module
from conftest import NOW, PROJECT, lesson, write
from recall.build import build, fingerprint
from recall.store.database import HEAD, Database, DatabaseError, alembic_config
from recall.store.schema import STATEMENTS, from_models


def schema(path) -> set:
    con = sqlite3.connect(path)
    try:
        return {(t, n, " ".join((s or "").split()).replace("( ", "(").replace(" )", ")").replace('"', ""))
                for t, n, s in con.execute("SELECT type, name, sql FROM sqlite_master")}
    finally:
        con.close()


def test_connection_settings(tmp_path):
    with Database(tmp_path / "r.sqlite3") as db:
        pragma = lambda name: db.con.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 1  # NORMAL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000


def test_head_constant_matches_the_migrations():
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


def test_fresh_schema_equals_the_migrated_one(tmp_path):
    Database(tmp_path / "fresh.sqlite3").close()
    migrated = tmp_path / "migrated.sqlite3"
    sqlite3.connect(migrated).execute("CREATE TABLE placeholder (x)").connection.close()
    with Database(migrated) as db:  # not empty and unstamped: Alembic runs every migration
        assert db.revision() == HEAD
        db.con.execute("DROP TABLE placeholder")
    assert schema(tmp_path / "fresh.sqlite3") == schema(migrated)


def test_the_schema_snapshot_is_what_the_models_create(tmp_path):
    """A new database is made from ``schema.STATEMENTS``, without SQLAlchemy: it must be the models' schema."""
    assert from_models() == STATEMENTS, "models changed: paste the output of `python -m recall.store.schema`"
    from sqlalchemy import create_engine

    from recall.store.models import Base

    engine = create_engine(f"sqlite:///{tmp_path / 'models.sqlite3'}")
    Base.metadata.create_all(engine)
    engine.dispose()
    Database(tmp_path / "fresh.sqlite3").close()
    fresh = {row for row in schema(tmp_path / "fresh.sqlite3") if "alembic_version" not in row[1]}
    assert fresh == schema(tmp_path / "models.sqlite3") and len(fresh) > 10


def test_a_schema_from_an_unknown_revision_is_refused_clearly(workspace):
    write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **tuples** for records\n"))
    build(workspace, NOW)
    with Database(workspace.db_path) as db:
        before = db.con.execute("SELECT id, prompt FROM cards").fetchall()
        db.con.execute("UPDATE alembic_version SET version_num = 'none-such'")
    with pytest.raises(DatabaseError, match="schema revision 'none-such' is unknown"):
        Database(workspace.db_path)
    with closing(sqlite3.connect(workspace.db_path)) as con, con:
        con.execute(f"UPDATE alembic_version SET version_num = '{HEAD}'")
    with Database(workspace.db_path) as db:
        assert db.con.execute("SELECT id, prompt FROM cards").fetchall() == before


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "r.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match=r"r\.sqlite3: cannot open the database"):
        Database(path)


def test_unchanged_files_are_not_parsed_again(workspace, monkeypatch):
    write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **tuples** for records\n"))
    write(workspace, "02.md", lesson("## Key Takeaways\n\n- Use **sets** for membership\n", id="02-other"))
    build(workspace, NOW)
    parsed = []
    real = build_module.analyse
    monkeypatch.setattr(build_module, "analyse", lambda *a: parsed.append(a[0]) or real(*a))
    report = build(workspace, NOW)
    assert parsed == [] and report.unchanged == 2 and report.lessons == []
    write(workspace, "02.md", lesson("## Key Takeaways\n\n- Use **frozensets** for membership\n", id="02-other"))
    build(workspace, NOW)
    assert parsed == ["decks/02.md"]


def test_every_module_that_derives_cards_is_in_the_fingerprint():
    """A change to any code that reads lessons or makes cards must make the next build re-read every file."""
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, recall.build.analyse, recall.derive.verify, recall.codecheck.runner; "
         "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('recall.')))"],
        capture_output=True, text=True, check=True).stdout.split()
    deriving = {str(p) for p in fingerprint.sources()}
    pipeline = {str(p) for p in (PROJECT / "src" / "recall" / "build").glob("*.py")}  # reads files, stores cards
    outside = {"workspace.py", "settings.py"}  # where files are, and the code_time_limit (part of the run key)
    missing = [f for f in loaded if f not in deriving and f not in pipeline and Path(f).name not in outside
               and not f.endswith("recall/__init__.py")]
    assert [Path(f).relative_to(PROJECT / "src") for f in missing if "/store/" not in f] == []
    assert len(deriving) > 10


def test_the_fingerprint_holds_the_versions_of_python_and_the_parsing_libraries():
    names = " ".join(fingerprint.versions())
    for library in ("markdown-it-py", "python-frontmatter", "PyYAML", "python 3."):
        assert library in names
    assert "missing" not in names


def test_a_database_from_the_first_schema_is_upgraded_with_its_history(tmp_path):
    """Made by migration 0001 and filled with a card and its reviews, then opened by today's recall."""
    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path, isolation_level=None)
    db = Database.__new__(Database)  # an old install: only the first migration has run
    db.path, db.con = path, con
    db.upgrade("0001")
    con.execute("INSERT INTO lessons (id, title, file, content_hash, prerequisites, concepts) "
                "VALUES ('01-a', 'A', 'decks/a.md', 'h', '[]', '[]')")
    con.execute("INSERT INTO cards VALUES ('c1', '01-a', 'takeaway', 'cloze', 'Use [...]', 'tuples', '[]', '', '', "
                "'decks/a.md', 3, 'Key Takeaways', 0, 'active', '2026-01-01 00:00:00.000000', "
                "'2026-01-01 00:00:00.000000', NULL)")
    con.execute("INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, answer, correct) "
                "VALUES ('c1', '2026-01-02 00:00:00.000000', 3, 1500, 'tuples', 1)")
    db.engine.dispose()
    con.close()
    with Database(path) as upgraded:
        assert upgraded.revision() == HEAD
        assert upgraded.con.execute("SELECT id, answer FROM cards").fetchall() == [("c1", "tuples")]
        assert upgraded.con.execute("SELECT card_id, rating, state_before FROM review_log").fetchall() == [
            ("c1", 3, None)]
        assert upgraded.con.execute("SELECT count(*) FROM card_state").fetchone() == (0,)


def test_a_build_stores_rows_the_models_read_back(workspace):
    """Times come back aware and in UTC, lists as lists: the columns are what the models say."""
    write(workspace, "10.md", lesson("## Key Takeaways\n\n- Use **sets** for membership\n", id="10-sets"))
    build(workspace, NOW)
    with Database(workspace.db_path) as db, db.engine.connect() as conn:
        from sqlalchemy import select

        from recall.store.models import CardRow, LessonRow

        row = conn.execute(select(CardRow.__table__).limit(1)).mappings().one()
        assert row["created_at"] == NOW and isinstance(row["choices"], list)
        assert conn.execute(select(LessonRow.__table__.c.prerequisites)).scalar_one() == []


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


def test_a_failed_migration_closes_its_connection(tmp_path, monkeypatch):
    opened = []
    real = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: opened.append(real(*a, **k)) or opened[-1])

    def broken(self):
        raise RuntimeError("a migration that fails")

    monkeypatch.setattr(Database, "_migrate", broken)
    with pytest.raises(RuntimeError):
        Database(tmp_path / "r.sqlite3")
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        opened[0].execute("SELECT 1")

"""The SQLite file: pragmas, migrations, skipping unchanged files."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from conftest import NOW, PROJECT, lesson, write

from recall import build as build_module
from recall.build import build
from recall.db.database import HEAD, Database, DatabaseError, alembic_config
from recall.db.schema import STATEMENTS, from_models


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
    assert STATEMENTS == from_models(), "models changed: paste the output of `python -m recall.db.schema`"
    from sqlalchemy import create_engine

    from recall.db.models import Base

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
    with sqlite3.connect(workspace.db_path) as con:
        con.execute(f"UPDATE alembic_version SET version_num = '{HEAD}'")
    with Database(workspace.db_path) as db:
        assert db.con.execute("SELECT id, prompt FROM cards").fetchall() == before


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "r.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="r.sqlite3: cannot open the database"):
        Database(path)


def test_unchanged_files_are_not_parsed_again(workspace, monkeypatch):
    write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **tuples** for records\n"))
    write(workspace, "02.md", lesson("## Key Takeaways\n\n- Use **sets** for membership\n", id="02-other"))
    build(workspace, NOW)
    parsed = []
    real = build_module.analyse_file
    monkeypatch.setattr(build_module, "analyse_file", lambda *a: parsed.append(a[0]) or real(*a))
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
        [sys.executable, "-c", "import sys, recall.build, recall.generators, recall.lessons; "
         "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('recall.')))"],
        capture_output=True, text=True, check=True).stdout.split()
    deriving = {str(p) for p in build_module.deriving_files()}
    outside = {"build.py", "problems.py", "workspace.py"}  # the pipeline itself, messages, paths
    missing = [f for f in loaded if f not in deriving and Path(f).name not in outside
               and not f.endswith("__init__.py")]
    assert missing == [] and len(deriving) > 10


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


def test_a_first_build_in_workers_stores_what_one_process_stores(workspace, monkeypatch):
    """On a first build of many lessons the workers write the cards; the rows must be the same."""
    for path in sorted((PROJECT / "decks").glob("*.md")):
        shutil.copy(path, workspace.decks / path.name)
    write(workspace, "zz-copy.md", (PROJECT / "decks" / "05-decorators.md").read_text(encoding="utf-8"))
    write(workspace, "10.md", lesson("## Key Takeaways\n\n- Use **sets** for membership\n", id="10-sets"))
    tables = {}
    for jobs in (1, 2):
        monkeypatch.setattr(build_module, "PARALLEL_FROM", 2)
        shutil.rmtree(workspace.data)
        report = build(workspace, NOW, jobs=jobs)
        assert [p.file for p in report.failed] == ["decks/zz-copy.md"]  # a duplicate lesson id
        with Database(workspace.db_path) as db:
            tables[jobs] = (db.con.execute("SELECT * FROM cards ORDER BY id").fetchall(),
                            db.con.execute("SELECT * FROM lessons ORDER BY id").fetchall(),
                            sorted((r.lesson, r.added) for r in report.lessons))
    assert tables[1] == tables[2] and len(tables[1][0]) > 50
    assert not list(Path(tempfile.gettempdir()).glob("recall-build-*"))  # scratch files cleaned up
    with Database(workspace.db_path) as db, db.engine.connect() as conn:  # readable through the models
        from sqlalchemy import select

        from recall.db.models import CardRow

        row = conn.execute(select(CardRow.__table__).limit(1)).mappings().one()
        assert row["created_at"] == NOW and isinstance(row["choices"], list)


def test_a_file_gone_before_a_worker_reads_it_is_a_problem_not_a_crash(tmp_path):
    """On a first build the workers read the files; one deleted meanwhile is reported by name."""
    from recall.build import analyse_file

    result = analyse_file("decks/gone.md", tmp_path / "gone.md", None)
    assert result.lesson is None
    assert [(p.file, p.line, p.severity) for p in result.problems] == [("decks/gone.md", 1, "error")]
    assert "cannot read the file" in result.problems[0].message
    (tmp_path / "here.md").write_text(lesson("## Key Takeaways\n\n- Use **sets** for membership\n"))
    read = analyse_file("decks/here.md", tmp_path / "here.md", None)
    assert read.lesson is not None and read.content_hash == build_module.digest((tmp_path / "here.md").read_bytes())

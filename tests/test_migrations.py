"""Migrations never lose history: released revisions stay as they were, and databases made by the first
releases (their schemas written out in tests/fixtures from the git history) open with today's recall and
keep working: build, review, export, stats, and every review row as it was answered."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import NOW, PROJECT, lesson, query, write
from recall.build import build
from recall.settings import Settings
from recall.store import cards, history, queue
from recall.store.database import HEAD, Database
from recall.study.session import Session

VERSIONS = PROJECT / "src" / "recall" / "store" / "migrations" / "versions"
FIXTURES = Path(__file__).parent / "fixtures"

#: sha256 of every released revision file. Released revisions are never edited (databases out there
#: were made by them): a change of the schema is a new revision, whose hash is added here.
RELEASED = {
    "0001_cards.py": "bec4871ac94f8da428341e3d98c07046e624782d46e2277125d916c80af7147f",
    "0002_review_state.py": "c2a68c086f2f77d2835ac1a691497ce463b38a1e97cea967060ec03de6c23f36",
    "0003_code_runs.py": "91ba81d14cd55be06d74144df805ec2a3ad14cf53de91986aa26f40f2b586111",
    "0004_suspended.py": "64a4b36a81d64d153d0ccaf095e5a5f6e920781f9d2c67b4dd63b12215d756e6",
    "0005_card_setup_concepts.py": "6cc22a85836aef2ce8464b9e71e0a9f957da0bdb73599e8ba2896430267c1bd6",
    "0006_repair_and_real_types.py": "f9faa79e2b44dee9050f5cb0fdaa48a3488d875f14689fe24faec8229bf7d77f",
    "0007_review_interval.py": "6d04d7a40a006e68b79938b4da5d74e81f5f1019a4fb66ddcd8f88183b5c74f4",
    "0008_lesson_position.py": "d44b6754d2d9be02422000f79695d9744d8d9d9564e962a5d4539d2da9c9a1be",
}

BODY = """
    ## Tuples

    A tuple is an immutable sequence, written with commas.

    ## Key Takeaways

    - Use **tuples** for fixed records
    - Use **sets** for fast membership tests
    - Use **dicts** for lookups by key
    """
LESSON = lesson(BODY, id="01-containers", title="Containers", concepts=["tuples"])
OLD_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how revisions 0001-0005 stored times: naive UTC text


def test_released_revisions_are_never_edited():
    files = sorted(p.name for p in VERSIONS.glob("[0-9]*.py"))
    assert files == sorted(RELEASED), "a new revision: add its file and sha256 to RELEASED"
    for name, digest in RELEASED.items():
        assert hashlib.sha256((VERSIONS / name).read_bytes()).hexdigest() == digest, \
            f"{name} was released and must not change: add a new revision instead"


def old_database(workspace, fixture: str) -> Path:
    """The workspace's SQLite file made from a fixture's schema, as that old release left it."""
    path = workspace.db_path
    with closing(sqlite3.connect(path)) as con:
        con.executescript((FIXTURES / fixture).read_text(encoding="utf-8"))
    return path


def todays_cards(tmp_path) -> list[dict]:
    """The cards today's build derives from LESSON (their ids are what an old build stored too)."""
    from recall.workspace import init

    other = init(tmp_path / "today")
    write(other, "01.md", LESSON)
    build(other, NOW)
    with Database(other.db_path) as db:
        return cards.list_cards(db)


def fill(path: Path, made: list[dict], *, with_state: bool) -> list[tuple]:
    """Cards, reviews (and, from revision 0002 on, memories) written as the old release wrote them."""
    created = (NOW - timedelta(days=30)).strftime(OLD_TIME)
    answered = []
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("INSERT INTO lessons (id, title, file, content_hash, prerequisites, concepts) "
                    "VALUES ('01-containers', 'Containers', 'decks/01.md', 'old', '[]', '[\"tuples\"]')")
        for ord_, card in enumerate(made):
            con.execute("INSERT INTO cards (id, lesson_id, source, form, prompt, answer, choices, explanation, "
                        "code, file, line, section, ord, status, created_at, retired_at) "
                        "VALUES (?, '01-containers', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, NULL)",
                        (card["id"], card["source"], card["form"], card["prompt"], card["answer"],
                         json.dumps(card["choices"]), card["explanation"], card["code"], card["file"],
                         card["line"], card["section"], ord_, created))
        for n, card in enumerate(made[:3]):
            for day in range(3):
                when = NOW - timedelta(days=20 - 5 * day, minutes=n)
                answered.append((card["id"], when, 3 - (day == 1 and n == 0) * 2, 1000 + n))
        for card_id, when, rating, ms in answered:
            columns = "card_id, reviewed_at, rating, duration_ms, answer, correct"
            values = [card_id, when.strftime(OLD_TIME), rating, ms, "", rating > 1]
            if with_state:
                columns += ", state_before, memory_before"
                values += [2, json.dumps({"state": 2, "step": None, "stability": 3.0, "difficulty": 5.0,
                                          "due": when.isoformat(), "last_review": None, "reps": 1, "lapses": 0})]
            con.execute(f"INSERT INTO review_log ({columns}) VALUES ({', '.join('?' * len(values))})", values)
        if with_state:
            for card in made[:3]:
                con.execute("INSERT INTO card_state (card_id, state, step, stability, difficulty, due, last_review, "
                            "reps, lapses, introduced_at) VALUES (?, 2, NULL, 4.5, 5.0, ?, ?, 3, 0, ?)",
                            (card["id"], (NOW - timedelta(hours=1)).strftime(OLD_TIME),
                             (NOW - timedelta(days=10)).strftime(OLD_TIME), created))
    return answered


def still_works(workspace, run, tmp_path, answered: list[tuple]) -> None:
    """Build, review, export and stats on the upgraded database; every old review row as it was."""
    write(workspace, "01.md", LESSON)
    built = run("build")
    assert built.exit_code == 0, built.output
    assert "0 added" in built.output and "0 retired" in built.output  # same cards: history kept
    with Database(workspace) as db:
        assert db.revision() == HEAD
        assert sorted(history.answers(db)) == sorted((c, when, rating) for c, when, rating, _ in answered)
        listed = cards.list_cards(db)
        assert {c["id"] for c in listed} >= {c for c, *_ in answered}
        session = Session.start(db, Settings(), NOW, UTC, fuzz=False)
        card_id = session.next(NOW)
        assert card_id is not None
        done = session.answer(card_id, 3, NOW, duration_ms=900, correct=True)
        assert queue.memory(db, card_id) == done.after
        assert session.undo() == card_id and queue.memory(db, card_id) == done.before
        session.answer(card_id, 3, NOW, duration_ms=900, correct=True)
    stats = json.loads(run("stats", "--json").output)
    assert sum(stats["reviews_per_day"].values()) == len(answered) + 1
    exported = run("export", "anki", "-o", str(tmp_path / "old.apkg"), "--with-scheduling")
    assert exported.exit_code == 0, exported.output
    assert f"{len(listed)} notes" in exported.output


def test_a_database_from_the_first_release_of_0001_is_upgraded_with_its_history(workspace, run, tmp_path):
    """Made at 7c4f2a3 (before updated_at was added to the released 0001): no updated_at, no card_state."""
    made = todays_cards(tmp_path)
    path = old_database(workspace, "schema-0001-7c4f2a3.sql")
    answered = fill(path, made, with_state=False)
    still_works(workspace, run, tmp_path, answered)
    updated = query(workspace, "SELECT DISTINCT typeof(updated_at) FROM cards")
    assert updated == [("integer",)]


def test_a_database_from_0002_keeps_its_memories(workspace, run, tmp_path):
    """Made at be08f42: card_state and an undo snapshot on every review row, still no updated_at."""
    made = todays_cards(tmp_path)
    path = old_database(workspace, "schema-0002-be08f42.sql")
    answered = fill(path, made, with_state=True)
    with Database(workspace) as db:
        memory = queue.memory(db, made[0]["id"])
    assert memory is not None and memory.stability == 4.5 and memory.due == NOW - timedelta(hours=1)
    still_works(workspace, run, tmp_path, answered)


def test_a_database_stamped_past_a_revision_it_missed_is_repaired(workspace, run, tmp_path):
    """The released 0001 was edited to add updated_at: a database from its first release, upgraded by the
    revisions of the day, says 0005 and still has no updated_at. Today's recall repairs it."""
    made = todays_cards(tmp_path)
    path = old_database(workspace, "schema-0001-7c4f2a3.sql")
    answered = fill(path, made, with_state=False)
    from test_database import _unmigrated

    stamped = _unmigrated(path)
    stamped.upgrade("0005")
    stamped.close()
    with closing(sqlite3.connect(path)) as con:
        columns = {row[1] for row in con.execute("PRAGMA table_info(cards)")}
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0005",)
    assert "updated_at" not in columns and "setup" in columns  # the edit's column is missing, the rest is there
    still_works(workspace, run, tmp_path, answered)
    (created, updated), *_ = query(workspace, "SELECT created_at, updated_at FROM cards ORDER BY ord")
    assert updated >= created


EXPORT = ("export", "anki", "-o", "{tmp}/x.apkg")


@pytest.mark.parametrize("column, value, message, commands", [
    # (the plain `recall cards` listing does not read choices, so it still lists every card)
    ("choices", "[not json", "cards.choices of id {id} is '[not json' (not JSON)", [("cards", "--json"), EXPORT]),
    ("updated_at", "yesterday", "cards.updated_at of id {id} is 'yesterday' (not a time)", [EXPORT]),
])
def test_a_damaged_value_is_one_clear_line(workspace, run, tmp_path, column, value, message, commands):
    write(workspace, "01.md", LESSON)
    build(workspace, NOW)
    (card_id,) = [row[0] for row in query(workspace, "SELECT id FROM cards ORDER BY ord LIMIT 1")]
    query(workspace, f"UPDATE cards SET {column} = :value WHERE id = :id", value=value, id=card_id)
    for command in commands:
        result = run(*(part.format(tmp=tmp_path) for part in command))
        assert result.exit_code == 1, (command, result.output)
        lines = result.output.strip().splitlines()
        assert lines[-1].endswith("repair or delete that row with a database tool") and len(lines) == 1, lines
        assert message.format(id=card_id) in lines[0]
        assert "Traceback" not in result.output


def test_times_of_the_old_text_form_become_exact_moments(workspace):
    """0006 turns the naive UTC text of 0001-0005 into the same instants, to the microsecond."""
    path = old_database(workspace, "schema-0002-be08f42.sql")
    moment = datetime(2026, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("INSERT INTO lessons (id, title, file, content_hash, prerequisites, concepts) "
                    "VALUES ('a', 'A', 'decks/a.md', 'h', '[]', '[]')")
        con.execute("INSERT INTO cards (id, lesson_id, source, form, prompt, answer, choices, explanation, code, "
                    "file, line, section, ord, status, created_at, retired_at) VALUES ('c', 'a', 'takeaway', "
                    "'cloze', 'p', 'a', '[]', '', '', 'decks/a.md', 1, '', 0, 'active', ?, ?)",
                    (moment.strftime(OLD_TIME), "2026-02-03 04:05:06"))
    with Database(workspace) as db, db.read() as conn:
        from sqlalchemy import select

        from recall.store.models import cards as table

        assert conn.execute(select(table.c.created_at, table.c.updated_at, table.c.retired_at)).one() == (
            moment, moment, moment.replace(microsecond=0))

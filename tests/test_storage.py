"""The storage layer as a learner meets it: every command on SQLite and PostgreSQL, two machines answering
the same cards, undo that never takes back someone else's answer, and one clear line when the database is
locked, read-only, full, unreachable or needs a driver that is not installed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, timedelta

import pexpect
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from conftest import NOW, lesson, query, spawn, write
from recall.build import build
from recall.settings import Settings
from recall.store import database, queue
from recall.store.database import Database, DatabaseError
from recall.study.session import Session

BODY = "## Key Takeaways\n\n" + "".join(f"- Use **term{n}** for case {n}\n" for n in range(30))
LESSON = lesson(BODY, id="01-terms", title="Terms")


@pytest.mark.databases
def test_every_command_works(workspace, run, tmp_path):
    write(workspace, "01.md", LESSON)
    assert run("build").exit_code == 0
    child = spawn(workspace, "review", "--new", "2")
    for _ in range(2):
        child.expect("press any key")
        child.send("\r")
        child.expect("How well did you know it")
        child.send("4")  # Easy, one key: learned at once, so the session ends after two cards
    child.expect("Reviewed 2 cards")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    status = json.loads(run("status", "--json").output)
    assert (status["total"]["new"], status["total"]["total"]) == (28, 30)
    stats = json.loads(run("stats", "--json").output)
    assert sum(stats["reviews_per_day"].values()) == 2
    exported = run("export", "anki", "-o", str(tmp_path / "out.apkg"), "--with-scheduling")
    assert exported.exit_code == 0 and "30 notes in 1 deck, 2 with your progress" in exported.output
    added = run("add", "--deck", "01-terms", "--front", "What is a tuple?", "--back", "An immutable sequence")
    assert added.exit_code == 0, added.output
    listed = json.loads(run("cards", "--json").output)
    assert len(listed) == 31 and any(card["prompt"] == "What is a tuple?" for card in listed)
    optimized = run("optimize")
    assert optimized.exit_code == 0 and "2 reviews so far" in optimized.output
    assert run("unsuspend", listed[-1]["id"]).exit_code == 1  # never studied: a clear refusal
    assert query(workspace, "SELECT count(*) FROM review_log") == [(2,)]


WORKER = """
import json, random, sys, time
from datetime import datetime, timedelta, UTC
from pathlib import Path
from recall.settings import Settings
from recall.store.database import Database
from recall.study.session import Session
from recall.workspace import Workspace

now, go, seed = datetime.fromisoformat(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
events = []
with Database(Workspace(Path(sys.argv[1]))) as db:
    session = Session.start(db, Settings(new_per_day=30, learning_steps=()), now, UTC, fuzz=False)
    while time.time() < go:
        time.sleep(0.001)
    while True:
        asked = time.time()
        card = session.next(now)
        if card is None:
            break
        time.sleep(rng.uniform(0, 0.004))  # the learner reads the card
        answered = session.answer(card, 3, now, duration_ms=1000)
        events.append((card, asked, time.time(), answered.review_id))
        now += timedelta(milliseconds=1)
print(json.dumps({"events": events, "skipped": session.skipped}))
"""


@pytest.mark.databases
def test_two_machines_answering_the_same_cards_lose_and_duplicate_nothing(workspace):
    write(workspace, "01.md", LESSON)
    build(workspace, NOW)
    go = time.time() + 2.0  # both have started their sessions, with the same 30 new cards queued
    children = [subprocess.Popen([sys.executable, "-c", WORKER, str(workspace.root), NOW.isoformat(), str(go),
                                  str(seed)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for seed in (1, 2)]
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        results.append(json.loads(out))
    first, second = (result["events"] for result in results)
    # nothing lost: every answer given is a row, and each card's memory counts exactly its rows
    rows = query(workspace, "SELECT card_id, state_before FROM review_log ORDER BY id")
    assert len(rows) == len(first) + len(second)
    assert sorted(row[0] for row in rows) == sorted(event[0] for event in first + second)
    per_card = dict(query(workspace, "SELECT card_id, reps FROM card_state"))
    assert len(per_card) == 30 and all(per_card[c] == [r[0] for r in rows].count(c) for c in per_card)
    # each card was new to exactly one of the answers: the other was made on top of its memory
    assert sorted(r[0] for r in rows if r[1] is None) == sorted(per_card)
    # nothing shown twice: a card both answered was on both screens before either had answered it
    done = {card: (asked, committed) for card, asked, committed, _ in first}
    for card, asked, committed, _ in second:
        if card in done:
            assert asked < done[card][1] and done[card][0] < committed, card
    assert results[0]["skipped"] + results[1]["skipped"] > 0  # the race did happen


@pytest.mark.databases
def test_undo_never_takes_back_an_answer_made_elsewhere(workspace):
    write(workspace, "01.md", LESSON)
    build(workspace, NOW)
    with Database(workspace) as here, Database(workspace) as there:
        mine = Session.start(here, Settings(), NOW, UTC, fuzz=False)
        theirs = Session.start(there, Settings(), NOW, UTC, fuzz=False)
        card = mine.next(NOW)
        assert theirs.next(NOW) == card  # both show the same new card
        mine.answer(card, 1, NOW)
        after_theirs = theirs.answer(card, 3, NOW + timedelta(seconds=5)).after
        assert mine.undo() is None  # their answer came after mine: mine stays, and so does theirs
        assert queue.memory(here, card) == after_theirs
        assert query(workspace, "SELECT count(*) FROM review_log WHERE card_id = :c", c=card) == [(2,)]
        assert theirs.undo() == card  # theirs is the newest: it goes, and the memory mine left comes back
        assert queue.memory(here, card).reps == 1
        assert query(workspace, "SELECT rating FROM review_log WHERE card_id = :c", c=card) == [(1,)]


def test_a_card_answered_elsewhere_since_it_was_queued_is_skipped(workspace):
    write(workspace, "01.md", LESSON)
    build(workspace, NOW)
    with Database(workspace) as here, Database(workspace) as there:
        mine = Session.start(here, Settings(new_per_day=3), NOW, UTC, fuzz=False)
        theirs = Session.start(there, Settings(new_per_day=3), NOW, UTC, fuzz=False)
        queued = list(mine.new)
        assert list(theirs.new) == queued
        for card in queued[:2]:
            assert theirs.next(NOW) == card
            theirs.answer(card, 4, NOW)
        assert mine.next(NOW) == queued[2] and mine.skipped == 2
        assert mine.remaining() == (1, 0, 0)


HOLD = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
"""


def hold_the_lock(workspace, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(workspace.db_path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_a_database_locked_by_another_program_is_waited_for_and_then_named(workspace, run, monkeypatch):
    write(workspace, "01.md", LESSON)
    assert run("build").exit_code == 0
    write(workspace, "01.md", LESSON.replace("case 1\n", "case one\n"))
    holder = hold_the_lock(workspace, 1.0)  # let go after a second: the build waits, says so, and goes on
    result = run("build")
    holder.communicate()
    assert result.exit_code == 0, result.output
    assert database.WAITING in result.output and "1 lesson changed" in result.output
    monkeypatch.setattr(database, "LOCK_WAIT_S", 0.5)
    write(workspace, "01.md", LESSON)
    holder = hold_the_lock(workspace, 10)
    try:
        result = run("build")
    finally:
        holder.kill()
        holder.communicate()
    assert result.exit_code == 1
    assert f"the database is locked by {sys.executable} -c" in result.output and f"(pid {holder.pid})" in result.output
    assert "Traceback" not in result.output


def test_a_read_only_database_is_reported_before_the_first_question(workspace, run):
    write(workspace, "01.md", LESSON)
    assert run("build").exit_code == 0
    with workspace.settings_path.open("a") as settings:
        settings.write(f'\ndatabase_url = "sqlite:///file:{workspace.db_path}?mode=ro&uri=true"\n')
    assert run("status").exit_code == 0  # reading works
    result = run("review")
    assert result.exit_code == 1
    assert "the database is read-only (attempt to write a readonly database)" in result.output
    assert "press any key" not in result.output and "Traceback" not in result.output


def test_a_full_disk_is_said_plainly_and_before_a_session(workspace, run, monkeypatch):
    write(workspace, "01.md", lesson(BODY.replace("case", "a case " * 200)))

    def small(dbapi_connection, record):  # a database that cannot grow: SQLite's "database or disk is full"
        dbapi_connection.execute("PRAGMA max_page_count = 12")

    event.listen(Engine, "connect", small)
    try:
        result = run("build")
    finally:
        event.remove(Engine, "connect", small)
    assert result.exit_code == 1
    assert "the disk is full (database or disk is full)" in result.output
    assert "rollback" not in result.output and "Traceback" not in result.output
    write(workspace, "01.md", LESSON)
    assert run("build").exit_code == 0
    monkeypatch.setattr(database, "MIN_FREE_BYTES", 1 << 62)
    result = run("review")
    assert result.exit_code == 1 and "the disk is full" in result.output and "before reviewing" in result.output


@pytest.mark.parametrize("url, message", [
    ("postgresql+pg8000://me@localhost/recall", "the database driver 'pg8000' is not installed"),
    ("postgresql+psycopg://nobody@/recall?host=/nonexistent-folder", "cannot reach the database at "
                                                                    "postgresql+psycopg://nobody@/recall"),
    ("mysql://me@localhost/recall", "recall works with SQLite and PostgreSQL"),
])
def test_a_database_recall_cannot_use_is_one_clear_line(workspace, run, monkeypatch, url, message):
    if "psycopg://" in url:
        pytest.importorskip("psycopg")
    monkeypatch.setenv("RECALL_DATABASE_URL", url)
    for command in (("status",), ("cards",), ("build",)):
        result = run(*command)
        assert result.exit_code == 1, result.output
        assert message in result.output and len(result.output.strip().splitlines()) == 1, result.output


def test_the_database_url_setting_is_checked(workspace, run):
    with workspace.settings_path.open("a") as settings:
        settings.write('\ndatabase_url = "recall.sqlite3"\n')
    result = run("status")
    assert result.exit_code == 1 and "'database_url' must be a database URL" in result.output


def test_a_relative_sqlite_url_is_in_the_workspace(workspace, run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with workspace.settings_path.open("a") as settings:
        settings.write('\ndatabase_url = "sqlite:///elsewhere/mine.sqlite3"\n')
    write(workspace, "01.md", LESSON)
    assert run("build").exit_code == 0
    assert (workspace.root / "elsewhere" / "mine.sqlite3").is_file() and not workspace.db_path.exists()


def test_an_answer_commit_is_synced(workspace):
    """SQLite's WAL is synced at every commit (synchronous=FULL), as Anki does: an answer survives power loss."""
    write(workspace, "01.md", LESSON)
    build(workspace, NOW)
    with Database(workspace) as db, db.read() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_database_errors_name_the_database(tmp_path):
    folder = tmp_path / "a-folder.sqlite3"
    folder.mkdir()
    with pytest.raises(DatabaseError, match=r"a-folder\.sqlite3: cannot open the database"):
        Database(folder)

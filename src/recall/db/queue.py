"""Read side of a review session, through plain sqlite3: what is due, what is new, one card.

Queries touch only what a screen needs (indexed ranges with limits); nothing here
counts every card on every question.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from recall.db.times import from_db, to_db
from recall.memory import Memory

ACTIVE = "c.status = 'active' AND NOT s.suspended"  # for queries joining card_state s


@dataclass(frozen=True)
class CardView:
    id: str
    lesson: str
    lesson_title: str
    source: str
    form: str
    prompt: str
    answer: str
    choices: tuple[str, ...]
    explanation: str
    code: str
    section: str
    file: str
    line: int


def _lesson_clause(lesson: str | None) -> tuple[str, tuple]:
    return (" AND c.lesson_id = ?", (lesson,)) if lesson else ("", ())


def learning(con: sqlite3.Connection, until: datetime, lesson: str | None = None) -> list[tuple[str, datetime]]:
    """Learning and relearning cards due before ``until``, soonest first."""
    extra, args = _lesson_clause(lesson)
    rows = con.execute(
        "SELECT s.card_id, s.due FROM card_state s JOIN cards c ON c.id = s.card_id "
        f"WHERE s.state IN (1, 3) AND s.due <= ? AND {ACTIVE}{extra} ORDER BY s.due",
        (to_db(until), *args))
    return [(card_id, from_db(due)) for card_id, due in rows]


def due_reviews(con: sqlite3.Connection, now: datetime, limit: int, lesson: str | None = None) -> list[str]:
    if limit <= 0:
        return []
    extra, args = _lesson_clause(lesson)
    rows = con.execute(
        "SELECT s.card_id FROM card_state s JOIN cards c ON c.id = s.card_id "
        f"WHERE s.state = 2 AND s.due <= ? AND {ACTIVE}{extra} ORDER BY s.due LIMIT ?",
        (to_db(now), *args, limit))
    return [row[0] for row in rows]


def new_cards(con: sqlite3.Connection, lessons: list[str], limit: int) -> list[str]:
    """Up to ``limit`` never-seen cards, lesson by lesson in the order given, in lesson order."""
    out: list[str] = []
    for lesson in lessons:
        if len(out) >= limit:
            break
        rows = con.execute(
            "SELECT c.id FROM cards c WHERE c.lesson_id = ? AND c.status = 'active' "
            "AND NOT EXISTS (SELECT 1 FROM card_state s WHERE s.card_id = c.id) ORDER BY c.ord LIMIT ?",
            (lesson, limit - len(out)))
        out.extend(row[0] for row in rows)
    return out


def lesson_prerequisites(con: sqlite3.Connection) -> dict[str, list[str]]:
    return {lesson: json.loads(prereqs) for lesson, prereqs in
            con.execute("SELECT id, prerequisites FROM lessons WHERE file IS NOT NULL")}


def reviews_since(con: sqlite3.Connection, since: datetime) -> int:
    """Answers to review-state cards since ``since`` (what the daily review cap counts)."""
    return con.execute("SELECT count(*) FROM review_log WHERE reviewed_at >= ? AND state_before = 2",
                       (to_db(since),)).fetchone()[0]


def introduced_since(con: sqlite3.Connection, since: datetime) -> int:
    return con.execute("SELECT count(*) FROM card_state WHERE introduced_at >= ?", (to_db(since),)).fetchone()[0]


def card(con: sqlite3.Connection, card_id: str) -> CardView:
    row = con.execute(
        "SELECT c.id, c.lesson_id, l.title, c.source, c.form, c.prompt, c.answer, c.choices, c.explanation, "
        "c.code, c.section, c.file, c.line FROM cards c JOIN lessons l ON l.id = c.lesson_id WHERE c.id = ?",
        (card_id,)).fetchone()
    values = list(row)
    values[7] = tuple(json.loads(values[7]))
    return CardView(*values)


def memory(con: sqlite3.Connection, card_id: str) -> Memory | None:
    row = con.execute("SELECT state, step, stability, difficulty, due, last_review, reps, lapses "
                      "FROM card_state WHERE card_id = ?", (card_id,)).fetchone()
    if row is None:
        return None
    state, step, stability, difficulty, due, last, reps, lapses = row
    return Memory(state, step, stability, difficulty, from_db(due), from_db(last), reps, lapses)


def memories(con: sqlite3.Connection) -> dict[str, Memory]:
    """Every introduced card's memory, in one pass (for exports)."""
    return {card_id: Memory(state, step, stability, difficulty, from_db(due), from_db(last), reps, lapses)
            for card_id, state, step, stability, difficulty, due, last, reps, lapses in con.execute(
                "SELECT card_id, state, step, stability, difficulty, due, last_review, reps, lapses FROM card_state")}


def next_due(con: sqlite3.Connection, after: datetime | None = None, lesson: str | None = None) -> datetime | None:
    """The soonest due time (after ``after``) of an active card: walks the due index, stops at one."""
    extra, args = _lesson_clause(lesson)
    where = " AND s.due > ?" if after else ""
    row = con.execute(
        f"SELECT s.due FROM card_state s JOIN cards c ON c.id = s.card_id WHERE {ACTIVE}{extra}{where} "
        "ORDER BY s.due LIMIT 1", (*args, *((to_db(after),) if after else ()))).fetchone()
    return from_db(row[0]) if row else None


def due_between(con: sqlite3.Connection, start: datetime, end: datetime, lesson: str | None = None) -> int:
    extra, args = _lesson_clause(lesson)
    return con.execute(
        f"SELECT count(*) FROM card_state s JOIN cards c ON c.id = s.card_id WHERE s.due >= ? AND s.due < ? "
        f"AND {ACTIVE}{extra}", (to_db(start), to_db(end), *args)).fetchone()[0]


def status_counts(con: sqlite3.Connection, now: datetime) -> dict[str, dict[str, int]]:
    """Per lesson: due now, learning, new (never seen) and total active cards."""
    out: dict[str, dict[str, int]] = {}
    for lesson, total, new, learning_n, due in con.execute(
        "SELECT c.lesson_id, count(*), sum(s.card_id IS NULL), sum(s.state IN (1, 3) AND NOT s.suspended), "
        "sum(s.due <= ? AND NOT s.suspended) "
        "FROM cards c LEFT JOIN card_state s ON s.card_id = c.id WHERE c.status = 'active' GROUP BY c.lesson_id",
            (to_db(now),)):
        out[lesson] = {"total": total, "new": new or 0, "learning": learning_n or 0, "due": due or 0}
    return out

"""Read side of a review session: what is due, what is new, a card's memory.

Queries touch only what a screen needs (indexed ranges with limits); nothing here
counts every card on every question.
"""

from __future__ import annotations

from datetime import datetime

from recall.model import Memory
from recall.store.database import Database
from recall.store.times import at, from_db, to_db

ACTIVE = "c.status = 'active' AND NOT s.suspended"  # for queries joining card_state s


def _lesson_clause(lesson: str | None) -> tuple[str, tuple]:
    return (" AND c.lesson_id = ?", (lesson,)) if lesson else ("", ())


def learning(db: Database, until: datetime, lesson: str | None = None) -> list[tuple[str, datetime]]:
    """Learning and relearning cards due before ``until``, soonest first."""
    extra, args = _lesson_clause(lesson)
    rows = db.con.execute(
        "SELECT s.card_id, s.due FROM card_state s JOIN cards c ON c.id = s.card_id "
        f"WHERE s.state IN (1, 3) AND s.due <= ? AND {ACTIVE}{extra} ORDER BY s.due",
        (to_db(until), *args))
    return [(card_id, at(due)) for card_id, due in rows]


def due_reviews(db: Database, now: datetime, limit: int, lesson: str | None = None) -> list[str]:
    if limit <= 0:
        return []
    extra, args = _lesson_clause(lesson)
    rows = db.con.execute(
        "SELECT s.card_id FROM card_state s JOIN cards c ON c.id = s.card_id "
        f"WHERE s.state = 2 AND s.due <= ? AND {ACTIVE}{extra} ORDER BY s.due LIMIT ?",
        (to_db(now), *args, limit))
    return [row[0] for row in rows]


def new_cards(db: Database, lessons: list[str], limit: int) -> list[str]:
    """Up to ``limit`` never-seen cards, lesson by lesson in the order given, in lesson order."""
    out: list[str] = []
    for lesson in lessons:
        if len(out) >= limit:
            break
        rows = db.con.execute(
            "SELECT c.id FROM cards c WHERE c.lesson_id = ? AND c.status = 'active' "
            "AND NOT EXISTS (SELECT 1 FROM card_state s WHERE s.card_id = c.id) ORDER BY c.ord LIMIT ?",
            (lesson, limit - len(out)))
        out.extend(row[0] for row in rows)
    return out


def reviews_since(db: Database, since: datetime) -> int:
    """Answers to review-state cards since ``since`` (what the daily review cap counts)."""
    return db.con.execute("SELECT count(*) FROM review_log WHERE reviewed_at >= ? AND state_before = 2",
                       (to_db(since),)).fetchone()[0]


def introduced_since(db: Database, since: datetime) -> int:
    return db.con.execute("SELECT count(*) FROM card_state WHERE introduced_at >= ?", (to_db(since),)).fetchone()[0]


def memory(db: Database, card_id: str) -> Memory | None:
    row = db.con.execute("SELECT state, step, stability, difficulty, due, last_review, reps, lapses "
                      "FROM card_state WHERE card_id = ?", (card_id,)).fetchone()
    if row is None:
        return None
    state, step, stability, difficulty, due, last, reps, lapses = row
    return Memory(state, step, stability, difficulty, at(due), from_db(last), reps, lapses)


def memories(db: Database) -> dict[str, Memory]:
    """Every introduced card's memory, in one pass (for exports)."""
    return {card_id: Memory(state, step, stability, difficulty, at(due), from_db(last), reps, lapses)
            for card_id, state, step, stability, difficulty, due, last, reps, lapses in db.con.execute(
                "SELECT card_id, state, step, stability, difficulty, due, last_review, reps, lapses FROM card_state")}


def next_due(db: Database, after: datetime | None = None, lesson: str | None = None) -> datetime | None:
    """The soonest due time (after ``after``) of an active card: walks the due index, stops at one."""
    extra, args = _lesson_clause(lesson)
    where = " AND s.due > ?" if after else ""
    row = db.con.execute(
        f"SELECT s.due FROM card_state s JOIN cards c ON c.id = s.card_id WHERE {ACTIVE}{extra}{where} "
        "ORDER BY s.due LIMIT 1", (*args, *((to_db(after),) if after else ()))).fetchone()
    return from_db(row[0]) if row else None


def due_between(db: Database, start: datetime, end: datetime, lesson: str | None = None) -> int:
    extra, args = _lesson_clause(lesson)
    return db.con.execute(
        f"SELECT count(*) FROM card_state s JOIN cards c ON c.id = s.card_id WHERE s.due >= ? AND s.due < ? "
        f"AND {ACTIVE}{extra}", (to_db(start), to_db(end), *args)).fetchone()[0]


def status_counts(db: Database, now: datetime) -> dict[str, dict[str, int]]:
    """Per lesson: total active cards, new (never seen), suspended, learning, and due now: all cards
    (``due``) and those in review (``review_due``). Unsuspended learning and review cards are disjoint."""
    out: dict[str, dict[str, int]] = {}
    for lesson, total, new, suspended, learning_n, due, review_due in db.con.execute(
        "SELECT c.lesson_id, count(*), sum(s.card_id IS NULL), sum(s.suspended), "
        "sum(s.state IN (1, 3) AND NOT s.suspended), sum(s.due <= ? AND NOT s.suspended), "
        "sum(s.state = 2 AND s.due <= ? AND NOT s.suspended) "
        "FROM cards c LEFT JOIN card_state s ON s.card_id = c.id WHERE c.status = 'active' GROUP BY c.lesson_id",
            (to_db(now), to_db(now))):
        out[lesson] = {"total": total, "new": new or 0, "suspended": suspended or 0, "learning": learning_n or 0,
                       "due": due or 0, "review_due": review_due or 0}
    return out

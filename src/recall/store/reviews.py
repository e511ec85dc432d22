"""Recording answers: the card's new memory and its review-log row, in one transaction.

This is the one write a learner waits on after every card, so it goes straight
through sqlite3 (about 0.1 ms, against 2-3 ms through SQLAlchemy Core). Values are
stored exactly as the models' column types store them: times as naive UTC text
(``times.to_db``), ``memory_before`` as JSON text (``null`` for a new card),
booleans as 0/1. ``tests/test_database.py`` reads them back through SQLAlchemy.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from recall.model import Memory
from recall.store.cards import CardError, resolve
from recall.store.database import Database
from recall.store.queue import memory as load_memory
from recall.store.times import to_db

_UPSERT_STATE = (
    "INSERT INTO card_state (card_id, state, step, stability, difficulty, due, last_review, reps, lapses, "
    "introduced_at, suspended) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) "
    "ON CONFLICT (card_id) DO UPDATE SET state = excluded.state, step = excluded.step, "
    "stability = excluded.stability, difficulty = excluded.difficulty, due = excluded.due, "
    "last_review = excluded.last_review, reps = excluded.reps, lapses = excluded.lapses")
_SET_STATE = ("UPDATE card_state SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?, "
              "reps = ?, lapses = ? WHERE card_id = ?")
_LOG = ("INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, answer, correct, state_before, "
        "memory_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


@dataclass(frozen=True)
class Recorded:
    review_id: int
    before: Memory | None
    after: Memory


def _columns(memory: Memory) -> tuple:
    return (memory.state, memory.step, memory.stability, memory.difficulty, to_db(memory.due),
            to_db(memory.last_review) if memory.last_review else None, memory.reps, memory.lapses)


def record(db: Database, card_id: str, now: datetime, rating: int, *,
           next_memory: Callable[[Memory | None], Memory], duration_ms: int | None = None,
           answer: str | None = None, correct: bool | None = None) -> Recorded:
    """Commit one answer. ``next_memory`` turns the card's current memory into the new one.

    The memory is read inside the write transaction, so two sessions answering the
    same card never overwrite each other's progress with a stale state.
    """
    with db.immediate() as con:
        before = load_memory(db, card_id)
        after = next_memory(before)
        con.execute(_UPSERT_STATE, (card_id, *_columns(after), to_db(now)))
        review_id = con.execute(_LOG, (
            card_id, to_db(now), rating, duration_ms, answer, None if correct is None else int(correct),
            before.state if before else None, json.dumps(before.to_dict() if before else None))).lastrowid
    return Recorded(review_id, before, after)


def undo(db: Database, review_id: int) -> str | None:
    """Take back one answer: the memory goes back to what it was and the log row goes.

    Returns the card id, or None when that review is gone already.
    """
    with db.immediate() as con:
        row = con.execute("SELECT card_id, memory_before FROM review_log WHERE id = ?", (review_id,)).fetchone()
        if row is None:
            return None
        card_id, before = row
        before = json.loads(before) if before is not None else None
        if before is None:
            con.execute("DELETE FROM card_state WHERE card_id = ?", (card_id,))
        else:
            con.execute(_SET_STATE, (*_columns(Memory.from_dict(before)), card_id))
        con.execute("DELETE FROM review_log WHERE id = ?", (review_id,))
    return card_id


def set_suspended(db: Database, prefix: str, suspended: bool) -> str:
    """Suspend or bring back the card whose id starts with ``prefix``; returns its id."""
    card_id = resolve(db, prefix)
    with db.immediate() as con:
        done = con.execute("UPDATE card_state SET suspended = ? WHERE card_id = ?", (int(suspended), card_id))
    if not done.rowcount:
        raise CardError(f"card {card_id} has never been studied, so it is not suspended")
    return card_id

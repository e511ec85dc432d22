"""Recording answers: the card's new memory and its review-log row, in one transaction.

This is the one write a learner waits on after every card. The card's memory is read
inside the write transaction, locked (SQLite's write lock; ``FOR UPDATE`` of the card's
state row on PostgreSQL), so two sessions, or two machines, answering the same card at
once are put one after the other: each answer is computed from the memory the other
left, and neither overwrites the other's progress.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from recall.model import Memory
from recall.store import rows
from recall.store.cards import CardError, resolve
from recall.store.database import Database
from recall.store.models import card_state, review_log
from recall.store.portable import insert_new


@dataclass(frozen=True)
class Recorded:
    review_id: int
    before: Memory | None
    after: Memory


def _locked_memory(conn: Connection, card_id: str) -> Memory | None:
    return rows.memory(rows.fetch_one(conn, select(*rows.MEMORY_COLUMNS).where(card_state.c.card_id == card_id)
                                      .with_for_update()))


def record(db: Database, card_id: str, now: datetime, rating: int, *,
           next_memory: Callable[[Memory | None], Memory], duration_ms: int | None = None,
           answer: str | None = None, correct: bool | None = None) -> Recorded:
    """Commit one answer. ``next_memory`` turns the card's current memory into the new one."""
    with db.write() as conn:
        while True:
            before = _locked_memory(conn, card_id)
            after = next_memory(before)
            if before is not None:
                conn.execute(update(card_state).where(card_state.c.card_id == card_id)
                             .values(rows.memory_values(after)))
                break
            if insert_new(conn, card_state, {"card_id": card_id, **rows.memory_values(after), "introduced_at": now,
                                             "suspended": False}):
                break
            # another machine introduced the card in the meantime: answer on top of its memory
        review_id = conn.execute(insert(review_log).values(
            card_id=card_id, reviewed_at=now, rating=rating, duration_ms=duration_ms, answer=answer,
            correct=correct, state_before=before.state if before else None,
            interval_s=max(0, round((after.due - now).total_seconds())))).inserted_primary_key[0]  # type: ignore[index]
    return Recorded(review_id, before, after)


def undo(db: Database, review_id: int, *, before: Memory | None, after: Memory) -> str | None:
    """Take back an answer this session recorded (``record`` gave ``before`` and ``after``).

    The card's memory goes back to ``before`` and its log row goes, but only if nothing
    touched the card since: when another session or machine answered it in between, the
    answer stays and None is returned. None too when that review is gone already.
    """
    with db.write() as conn:
        card_id = conn.execute(select(review_log.c.card_id).where(review_log.c.id == review_id)).scalar()
        if card_id is None:
            return None
        current = _locked_memory(conn, card_id)
        newest = conn.execute(select(func.max(review_log.c.id)).where(review_log.c.card_id == card_id)).scalar()
        if current != after or newest != review_id:
            return None
        if before is None:
            conn.execute(delete(card_state).where(card_state.c.card_id == card_id))
        else:
            conn.execute(update(card_state).where(card_state.c.card_id == card_id).values(rows.memory_values(before)))
        conn.execute(delete(review_log).where(review_log.c.id == review_id))
    return card_id


def set_suspended(db: Database, prefix: str, suspended: bool) -> str:
    """Suspend or bring back the card whose id starts with ``prefix``; returns its id."""
    card_id = resolve(db, prefix)
    with db.write() as conn:
        done = conn.execute(update(card_state).where(card_state.c.card_id == card_id).values(suspended=suspended))
    if not done.rowcount:
        raise CardError(f"card {card_id} has never been studied, so it is not suspended")
    return card_id

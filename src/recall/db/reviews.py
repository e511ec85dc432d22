"""Recording answers: the card's new memory and its review-log row, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects.sqlite import insert as upsert

from recall.db.database import Database
from recall.db.models import CardStateRow, ReviewRow
from recall.memory import Memory

state_t = CardStateRow.__table__
log_t = ReviewRow.__table__
_MEMORY = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")


@dataclass(frozen=True)
class Recorded:
    review_id: int
    before: Memory | None
    after: Memory


def load_memory(conn, card_id: str) -> Memory | None:
    row = conn.execute(select(*(state_t.c[c] for c in _MEMORY)).where(state_t.c.card_id == card_id)).first()
    return Memory(*row) if row else None


def record(db: Database, card_id: str, now: datetime, rating: int, *,
           next_memory: Callable[[Memory | None], Memory], duration_ms: int | None = None,
           answer: str | None = None, correct: bool | None = None) -> Recorded:
    """Commit one answer. ``next_memory`` turns the card's current memory into the new one.

    The memory is read inside the write transaction, so two sessions answering the
    same card never overwrite each other's progress with a stale state.
    """
    with db.write() as conn:
        before = load_memory(conn, card_id)
        after = next_memory(before)
        values = {c: getattr(after, c) for c in _MEMORY}
        stmt = upsert(state_t).values(card_id=card_id, introduced_at=now, **values)
        conn.execute(stmt.on_conflict_do_update(index_elements=["card_id"], set_=values))
        review_id = conn.execute(insert(log_t).values(
            card_id=card_id, reviewed_at=now, rating=rating, duration_ms=duration_ms, answer=answer,
            correct=correct, state_before=before.state if before else None,
            memory_before=before.to_dict() if before else None)).inserted_primary_key[0]
    return Recorded(review_id, before, after)


def undo(db: Database, review_id: int) -> str | None:
    """Take back one answer: the memory goes back to what it was and the log row goes.

    Returns the card id, or None when that review is gone already.
    """
    with db.write() as conn:
        row = conn.execute(select(log_t.c.card_id, log_t.c.memory_before).where(log_t.c.id == review_id)).first()
        if row is None:
            return None
        card_id, before = row
        if before is None:
            conn.execute(delete(state_t).where(state_t.c.card_id == card_id))
        else:
            memory = Memory.from_dict(before)
            conn.execute(state_t.update().where(state_t.c.card_id == card_id)
                         .values({c: getattr(memory, c) for c in _MEMORY}))
        conn.execute(delete(log_t).where(log_t.c.id == review_id))
    return card_id

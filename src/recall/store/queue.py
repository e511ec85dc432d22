"""Read side of a review session: what is due, what is new, a card's memory.

Queries touch only what a screen needs (indexed ranges with limits); nothing here
counts every card on every question.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, bindparam, case, exists, func, select, true

from recall.model import LEARNING, RELEARNING, REVIEW, Memory
from recall.store import rows
from recall.store.database import Database
from recall.store.models import card_state, cards, review_log

_ACTIVE = and_(cards.c.status == "active", ~card_state.c.suspended)  # for queries joining card_state
_STATE_AND_CARD = card_state.join(cards, cards.c.id == card_state.c.card_id)


def _of(lesson: str | None):
    return cards.c.lesson_id == lesson if lesson else true()


#: what tells whether a card was answered since it was queued: its last answer and how many
Stamp = tuple[datetime | None, int]


def learning(db: Database, until: datetime, lesson: str | None = None) -> list[tuple[str, datetime]]:
    """Learning and relearning cards due before ``until``, soonest first."""
    return [(card_id, due) for card_id, due, _ in learning_stamped(db, until, lesson)]


def learning_stamped(db: Database, until: datetime, lesson: str | None = None) -> list[tuple[str, datetime, Stamp]]:
    """``learning``, each card with its stamp (see ``stamps``)."""
    with db.read() as conn:
        return [(card_id, due, (last, reps)) for card_id, due, last, reps in rows.fetch(conn, select(
            card_state.c.card_id, card_state.c.due, card_state.c.last_review, card_state.c.reps)
            .select_from(_STATE_AND_CARD)
            .where(card_state.c.state.in_((LEARNING, RELEARNING)), card_state.c.due <= until, _ACTIVE, _of(lesson))
            .order_by(card_state.c.due))]


def due_reviews(db: Database, now: datetime, limit: int, lesson: str | None = None) -> list[str]:
    return [card_id for card_id, _ in due_reviews_stamped(db, now, limit, lesson)]


def due_reviews_stamped(db: Database, now: datetime, limit: int, lesson: str | None = None) -> list[tuple[str, Stamp]]:
    """``due_reviews``, each card with its stamp (see ``stamps``)."""
    if limit <= 0:
        return []
    with db.read() as conn:
        return [(card_id, (last, reps)) for card_id, last, reps in rows.fetch(conn, select(
            card_state.c.card_id, card_state.c.last_review, card_state.c.reps).select_from(_STATE_AND_CARD)
            .where(card_state.c.state == REVIEW, card_state.c.due <= now, _ACTIVE, _of(lesson))
            .order_by(card_state.c.due).limit(limit))]


_NEW_HERE = and_(cards.c.status == "active", ~exists().where(card_state.c.card_id == cards.c.id))
_LESSONS_WITH_NEW = (select(cards.c.lesson_id).where(cards.c.lesson_id.in_(bindparam("lessons", expanding=True)),
                                                     _NEW_HERE).group_by(cards.c.lesson_id))
_NEW = (select(cards.c.id).where(cards.c.lesson_id == bindparam("lesson"), _NEW_HERE)
        .order_by(cards.c.ord).limit(bindparam("n")))


def new_cards(db: Database, lessons: list[str], limit: int) -> list[str]:
    """Up to ``limit`` never-seen cards, lesson by lesson in the order given, in lesson order.

    Which lessons still have new cards is asked of a few lessons at first, then twice as many
    each time: early in a curriculum the first lessons have all the new cards needed; far into
    a long one, hundreds of finished lessons come before the next new card.
    """
    out: list[str] = []
    start, size = 0, 8
    with db.read() as conn:
        while start < len(lessons) and len(out) < limit:
            chunk = lessons[start:start + size]
            with_new = set(conn.execute(_LESSONS_WITH_NEW, {"lessons": chunk}).scalars())
            for lesson in (lesson for lesson in chunk if lesson in with_new):
                out.extend(conn.execute(_NEW, {"lesson": lesson, "n": limit - len(out)}).scalars())
                if len(out) >= limit:
                    break
            start, size = start + size, min(2 * size, 512)
    return out


def stamps(db: Database, card_ids: list[str]) -> dict[str, Stamp]:
    """card id -> (last answer, answers) of the cards that have a memory; a card missing here is new.

    A card whose stamp changed since a session queued it was answered (or undone) elsewhere.
    """
    out: dict[str, Stamp] = {}
    with db.read() as conn:
        for start in range(0, len(card_ids), 10_000):
            chunk = card_ids[start:start + 10_000]
            out.update((card_id, (last, reps)) for card_id, last, reps in rows.fetch(conn, select(
                card_state.c.card_id, card_state.c.last_review, card_state.c.reps)
                .where(card_state.c.card_id.in_(chunk))))
    return out


def reviews_since(db: Database, since: datetime) -> int:
    """Answers to review-state cards since ``since`` (what the daily review cap counts)."""
    with db.read() as conn:
        return conn.execute(select(func.count()).select_from(review_log).where(
            review_log.c.reviewed_at >= since, review_log.c.state_before == REVIEW)).scalar_one()


def introduced_since(db: Database, since: datetime) -> int:
    with db.read() as conn:
        return conn.execute(select(func.count()).select_from(card_state)
                            .where(card_state.c.introduced_at >= since)).scalar_one()


_MEMORY = select(*rows.MEMORY_COLUMNS)


def memory(db: Database, card_id: str) -> Memory | None:
    with db.read() as conn:
        return rows.memory(rows.fetch_one(conn, _MEMORY.where(card_state.c.card_id == card_id)))


def memories(db: Database) -> dict[str, Memory]:
    """Every introduced card's memory, in one pass (for exports)."""
    with db.read() as conn:
        found = rows.fetch(conn, select(card_state.c.card_id, *rows.MEMORY_COLUMNS))
    return {row[0]: rows.memory(row[1:]) for row in found}  # type: ignore[misc]


def next_due(db: Database, after: datetime | None = None, lesson: str | None = None) -> datetime | None:
    """The soonest due time (after ``after``) of an active card: walks the due index, stops at one."""
    statement = select(card_state.c.due).select_from(_STATE_AND_CARD).where(_ACTIVE, _of(lesson))
    if after is not None:
        statement = statement.where(card_state.c.due > after)
    with db.read() as conn:
        row = rows.fetch_one(conn, statement.order_by(card_state.c.due))
    return row[0] if row else None


def due_between(db: Database, start: datetime, end: datetime, lesson: str | None = None) -> int:
    with db.read() as conn:
        return conn.execute(select(func.count()).select_from(_STATE_AND_CARD).where(
            card_state.c.due >= start, card_state.c.due < end, _ACTIVE, _of(lesson))).scalar_one()


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def status_counts(db: Database, now: datetime) -> dict[str, dict[str, int]]:
    """Per lesson: total active cards, new (never seen), suspended, learning, and due now: all cards
    (``due``) and those in review (``review_due``). Unsuspended learning and review cards are disjoint."""
    awake = ~card_state.c.suspended
    statement = (select(cards.c.lesson_id, func.count(), _count(card_state.c.card_id.is_(None)),
                        _count(card_state.c.suspended.is_(True)),
                        _count(and_(card_state.c.state.in_((LEARNING, RELEARNING)), awake)),
                        _count(and_(card_state.c.due <= now, awake)),
                        _count(and_(card_state.c.state == REVIEW, card_state.c.due <= now, awake)))
                 .select_from(cards.outerjoin(card_state, card_state.c.card_id == cards.c.id))
                 .where(cards.c.status == "active").group_by(cards.c.lesson_id))
    with db.read() as conn:
        return {lesson: {"total": total, "new": new, "suspended": suspended, "learning": learning_n, "due": due,
                         "review_due": review_due}
                for lesson, total, new, suspended, learning_n, due, review_due in conn.execute(statement)}

"""Reading the review log for `recall stats` and `recall optimize`.

Days are the learner's: ``shift`` is the number of seconds to add to a stored UTC
time to land in the learner's day (their UTC offset minus the hour the day starts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import case, func, select, true

from recall.model import REVIEW
from recall.store import rows
from recall.store.cards import of_lessons
from recall.store.database import Database
from recall.store.models import card_state, cards, review_log
from recall.store.models import lessons as lesson_table
from recall.store.portable import day_number

T = TypeVar("T")

_DAY_ZERO = date(1970, 1, 1)


def _of(lesson: str | None):
    return cards.c.lesson_id == lesson if lesson else true()


def _log(lesson: str | None):
    """The review log, joined to the cards when only one lesson's reviews count."""
    return review_log.join(cards, cards.c.id == review_log.c.card_id) if lesson else review_log


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _per_day(conn, moment, statement, shift: int) -> dict[date, int]:
    day = day_number(moment, shift).label("day")
    return {_DAY_ZERO + timedelta(days=n): count
            for n, count in conn.execute(statement.add_columns(day, func.count()).group_by(day))}


def reviews_per_day(db: Database, since: datetime, shift: int, lesson: str | None = None) -> dict[date, int]:
    with db.read() as conn:
        return _per_day(conn, review_log.c.reviewed_at, select().select_from(_log(lesson)).where(
            review_log.c.reviewed_at >= since, _of(lesson)), shift)


def due_per_day(db: Database, before: datetime, shift: int, lesson: str | None = None) -> dict[date, int]:
    """Active, unsuspended cards due before ``before``, counted per learner's day."""
    with db.read() as conn:
        return _per_day(conn, card_state.c.due, select().select_from(
            card_state.join(cards, cards.c.id == card_state.c.card_id)).where(
            cards.c.status == "active", ~card_state.c.suspended, card_state.c.due < before, _of(lesson)), shift)


def retention(db: Database, since: datetime, lesson: str | None = None) -> tuple[int, int]:
    """(answers right, answers) to cards in review since ``since``."""
    with db.read() as conn:
        correct, total = conn.execute(select(_count(review_log.c.rating > 1), func.count())
                                      .select_from(_log(lesson)).where(
            review_log.c.state_before == REVIEW, review_log.c.reviewed_at >= since, _of(lesson))).one()
    return correct, total


def time_spent(db: Database, since: datetime, lesson: str | None = None) -> tuple[int, int]:
    """(milliseconds answering in all, of which since ``since``)."""
    with db.read() as conn:
        total, recent = conn.execute(select(
            func.coalesce(func.sum(review_log.c.duration_ms), 0),
            func.coalesce(func.sum(case((review_log.c.reviewed_at >= since, review_log.c.duration_ms))), 0))
            .select_from(_log(lesson)).where(_of(lesson))).one()
    return total, recent


def lessons(db: Database, mastered_days: float, since: datetime, lesson: str | None = None) -> list[tuple]:
    """Per lesson: (id, title, active cards, cards with stability of ``mastered_days`` or more,
    review answers right since ``since``, review answers since ``since``)."""
    with db.read() as conn:
        answered = {lesson_id: (ok, n) for lesson_id, ok, n in conn.execute(
            select(cards.c.lesson_id, _count(review_log.c.rating > 1), func.count())
            .select_from(review_log.join(cards, cards.c.id == review_log.c.card_id))
            .where(review_log.c.state_before == REVIEW, review_log.c.reviewed_at >= since, _of(lesson))
            .group_by(cards.c.lesson_id))}
        found = conn.execute(
            select(cards.c.lesson_id, lesson_table.c.title, func.count(),
                   _count(card_state.c.stability >= mastered_days))
            .select_from(cards.join(lesson_table, lesson_table.c.id == cards.c.lesson_id)
                         .outerjoin(card_state, card_state.c.card_id == cards.c.id))
            .where(cards.c.status == "active", _of(lesson))
            .group_by(cards.c.lesson_id, lesson_table.c.title).order_by(cards.c.lesson_id)).all()
    return [(lesson_id, title, n, mastered, *answered.get(lesson_id, (0, 0)))
            for lesson_id, title, n, mastered in found]


def leeches(db: Database, lapses: int, lesson: str | None = None) -> list[tuple[str, str, int]]:
    """(card id, prompt, lapses) of active cards forgotten ``lapses`` times or more, worst first."""
    with db.read() as conn:
        return [(card_id, prompt, n) for card_id, prompt, n in conn.execute(
            select(cards.c.id, cards.c.prompt, card_state.c.lapses)
            .select_from(card_state.join(cards, cards.c.id == card_state.c.card_id))
            .where(card_state.c.lapses >= lapses, cards.c.status == "active", _of(lesson))
            .order_by(card_state.c.lapses.desc(), cards.c.id))]


def answers(db: Database) -> Iterator[tuple[str, datetime, int]]:
    """Every answer as (card id, when, rating), card by card in the order given."""
    with db.read() as conn:
        found = rows.fetch(conn, select(review_log.c.card_id, review_log.c.reviewed_at, review_log.c.rating)
                           .order_by(review_log.c.card_id, review_log.c.reviewed_at, review_log.c.id))
    yield from ((card_id, reviewed_at, rating) for card_id, reviewed_at, rating in found)


def answers_for_export(db: Database, lessons: list[str] | None, *, span: tuple[str, str] | None = None,
                       make: Callable[..., T]) -> list[T]:
    """Every answer to the active cards of ``lessons`` (all when None) whose lesson ids lie in ``span``
    (first, last; all when None), card by card, oldest first, each made by ``make`` from (card id,
    reviewed at, rating, duration in ms, state before, interval set in seconds or None)."""
    statement = (select(review_log.c.card_id, review_log.c.reviewed_at, review_log.c.rating,
                        review_log.c.duration_ms, review_log.c.state_before, review_log.c.interval_s)
                 .join(cards, cards.c.id == review_log.c.card_id).where(cards.c.status == "active"))
    statement = of_lessons(statement, lessons, span)
    with db.read() as conn:
        return rows.fetch_made(conn, statement.order_by(review_log.c.card_id, review_log.c.reviewed_at,
                                                         review_log.c.id), lambda row: make(*row))

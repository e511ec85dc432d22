"""Reading the review log for `recall stats` and `recall optimize`.

Days are the learner's: ``shift`` is the number of seconds to add to a stored UTC
time to land in the learner's day (their UTC offset minus the hour the day starts).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from recall.store.database import Database
from recall.store.times import at, to_db


def _lesson(lesson: str | None, join: bool = True) -> tuple[str, str, tuple]:
    if not lesson:
        return "", "", ()
    return (" JOIN cards c ON c.id = r.card_id" if join else ""), " AND c.lesson_id = ?", (lesson,)


def reviews_per_day(db: Database, since: datetime, shift: int, lesson: str | None = None) -> dict[date, int]:
    join, where, args = _lesson(lesson)
    return {date.fromisoformat(day): n for day, n in db.con.execute(
        f"SELECT date(r.reviewed_at, ?) AS day, count(*) FROM review_log r{join} "
        f"WHERE r.reviewed_at >= ?{where} GROUP BY day", (f"{shift:+d} seconds", to_db(since), *args))}


def due_per_day(db: Database, before: datetime, shift: int, lesson: str | None = None) -> dict[date, int]:
    """Active, unsuspended cards due before ``before``, counted per learner's day."""
    _, where, args = _lesson(lesson)
    return {date.fromisoformat(day): n for day, n in db.con.execute(
        "SELECT date(s.due, ?) AS day, count(*) FROM card_state s JOIN cards c ON c.id = s.card_id "
        f"WHERE c.status = 'active' AND NOT s.suspended AND s.due < ?{where} GROUP BY day",
        (f"{shift:+d} seconds", to_db(before), *args))}


def retention(db: Database, since: datetime, lesson: str | None = None) -> tuple[int, int]:
    """(answers right, answers) to cards in review since ``since``."""
    join, where, args = _lesson(lesson)
    correct, total = db.con.execute(
        f"SELECT coalesce(sum(r.rating > 1), 0), count(*) FROM review_log r{join} "
        f"WHERE r.state_before = 2 AND r.reviewed_at >= ?{where}", (to_db(since), *args)).fetchone()
    return correct, total


def time_spent(db: Database, since: datetime, lesson: str | None = None) -> tuple[int, int]:
    """(milliseconds answering in all, of which since ``since``)."""
    join, where, args = _lesson(lesson)
    total, recent = db.con.execute(
        "SELECT coalesce(sum(r.duration_ms), 0), "
        f"coalesce(sum(CASE WHEN r.reviewed_at >= ? THEN r.duration_ms END), 0) FROM review_log r{join} "
        f"WHERE 1{where}", (to_db(since), *args)).fetchone()
    return total, recent


def lessons(db: Database, mastered_days: float, since: datetime, lesson: str | None = None) -> list[tuple]:
    """Per lesson: (id, title, active cards, cards with stability of ``mastered_days`` or more,
    review answers right since ``since``, review answers since ``since``)."""
    _, where, args = _lesson(lesson)
    answered = {lesson_id: (ok, n) for lesson_id, ok, n in db.con.execute(
        "SELECT c.lesson_id, coalesce(sum(r.rating > 1), 0), count(*) FROM review_log r "
        f"JOIN cards c ON c.id = r.card_id WHERE r.state_before = 2 AND r.reviewed_at >= ?{where} "
        "GROUP BY c.lesson_id", (to_db(since), *args))}
    return [(lesson_id, title, cards, mastered, *answered.get(lesson_id, (0, 0)))
            for lesson_id, title, cards, mastered in db.con.execute(
                "SELECT c.lesson_id, l.title, count(*), coalesce(sum(s.stability >= ?), 0) FROM cards c "
                "JOIN lessons l ON l.id = c.lesson_id LEFT JOIN card_state s ON s.card_id = c.id "
                f"WHERE c.status = 'active'{where} GROUP BY c.lesson_id ORDER BY c.lesson_id",
                (mastered_days, *args))]


def leeches(db: Database, lapses: int, lesson: str | None = None) -> list[tuple[str, str, int]]:
    """(card id, prompt, lapses) of active cards forgotten ``lapses`` times or more, worst first."""
    _, where, args = _lesson(lesson)
    return [(card_id, prompt, n) for card_id, prompt, n in db.con.execute(
        "SELECT c.id, c.prompt, s.lapses FROM card_state s JOIN cards c ON c.id = s.card_id "
        f"WHERE s.lapses >= ? AND c.status = 'active'{where} ORDER BY s.lapses DESC, c.id", (lapses, *args))]


def answers(db: Database) -> Iterator[tuple[str, datetime, int]]:
    """Every answer as (card id, when, rating), card by card in the order given."""
    for card_id, reviewed_at, rating in db.con.execute(
            "SELECT card_id, reviewed_at, rating FROM review_log ORDER BY card_id, reviewed_at, id"):
        yield card_id, at(reviewed_at), rating


def answers_for_export(db: Database, lessons: list[str] | None) -> list[tuple]:
    """Every answer to the active cards of ``lessons`` (all when None), card by card, oldest first:
    (card id, reviewed at, rating, duration in ms, state before, memory before as JSON text)."""
    where, args = "", []
    if lessons is not None:
        where = f" AND c.lesson_id IN ({', '.join('?' * len(lessons))})"
        args = list(lessons)
    return db.con.execute(
        "SELECT r.card_id, r.reviewed_at, r.rating, r.duration_ms, r.state_before, r.memory_before "
        f"FROM review_log r JOIN cards c ON c.id = r.card_id WHERE c.status = 'active'{where} "
        "ORDER BY r.card_id, r.reviewed_at, r.id", args).fetchall()
